// SQLSTATE codes of the error conditions Tally raises, from PostgreSQL's errcodes.txt: assigned here, at the edge.
import type { ErrorCondition } from '../../types/error.js';

/**
 * PostgreSQL's code for each condition. `invalid_argument_for_function` is Tally's name for a family PostgreSQL
 * splits by function (2201E logarithm, 2201F power, 2201G width_bucket, 22014 ntile, 22016 nth_value); it gets
 * the family's class code.
 */
export const SQLSTATE: Readonly<Record<ErrorCondition, string>> = {
  syntax_error: '42601',
  undefined_table: '42P01',
  undefined_column: '42703',
  undefined_function: '42883',
  undefined_object: '42704',
  duplicate_table: '42P07',
  duplicate_object: '42710',
  duplicate_column: '42701',
  ambiguous_column: '42702',
  ambiguous_function: '42725',
  datatype_mismatch: '42804',
  cannot_coerce: '42846',
  grouping_error: '42803',
  invalid_parameter_value: '22023',
  invalid_text_representation: '22P02',
  invalid_datetime_format: '22007',
  datetime_field_overflow: '22008',
  numeric_value_out_of_range: '22003',
  division_by_zero: '22012',
  string_data_right_truncation: '22001',
  invalid_regular_expression: '2201B',
  not_null_violation: '23502',
  unique_violation: '23505',
  dependent_objects_still_exist: '2BP01',
  wrong_object_type: '42809',
  feature_not_supported: '0A000',
  invalid_argument_for_function: '22000',
  cardinality_violation: '21000',
  data_exception: '22000',
  query_canceled: '57014',
  admin_shutdown: '57P01',
  insufficient_privilege: '42501',
  connection_exception: '08000',
  internal_error: 'XX000',
};

/** The code of an error that is not a SqlError: a bug, reported as PostgreSQL's internal_error. */
export const INTERNAL_ERROR = 'XX000';
