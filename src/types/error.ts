// Structured SQL errors. Conditions are named here; SQLSTATE codes are assigned only at the pg-wire edge.

/** The condition an error reports, named after PostgreSQL's condition names. */
export type ErrorCondition =
  | 'syntax_error'
  | 'undefined_table'
  | 'undefined_column'
  | 'undefined_function'
  | 'undefined_object'
  | 'duplicate_table'
  | 'duplicate_object'
  | 'duplicate_column'
  | 'ambiguous_column'
  | 'ambiguous_function'
  | 'datatype_mismatch'
  | 'cannot_coerce'
  | 'grouping_error'
  | 'invalid_parameter_value'
  | 'invalid_text_representation'
  | 'invalid_datetime_format'
  | 'datetime_field_overflow'
  | 'numeric_value_out_of_range'
  | 'division_by_zero'
  | 'string_data_right_truncation'
  | 'invalid_regular_expression'
  | 'not_null_violation'
  | 'unique_violation'
  | 'dependent_objects_still_exist'
  | 'wrong_object_type'
  | 'feature_not_supported'
  | 'invalid_argument_for_function'
  | 'cardinality_violation'
  | 'data_exception'
  | 'query_canceled'
  | 'admin_shutdown'
  | 'insufficient_privilege'
  | 'connection_exception'
  | 'internal_error';

export interface ErrorDetails {
  readonly detail?: string;
  readonly hint?: string;
  /** Character offset into the statement text that the error points at. */
  readonly position?: number;
}

/**
 * An error caused by the user's SQL or data. The message follows PostgreSQL's style: one line, lower case,
 * no final period. Internal errors (bugs) are plain `Error`s and are reported as such.
 */
export class SqlError extends Error {
  readonly condition: ErrorCondition;
  readonly detail?: string;
  readonly hint?: string;
  position?: number;

  constructor(condition: ErrorCondition, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'SqlError';
    this.condition = condition;
    this.detail = details.detail;
    this.hint = details.hint;
    this.position = details.position;
  }
}

/** Errors raised while evaluating an expression for one row; views replace the result with NULL. */
export const isDataError = (err: unknown): err is SqlError =>
  err instanceof SqlError &&
  (err.condition === 'division_by_zero' ||
    err.condition === 'numeric_value_out_of_range' ||
    err.condition === 'invalid_text_representation' ||
    err.condition === 'invalid_datetime_format' ||
    err.condition === 'datetime_field_overflow' ||
    err.condition === 'string_data_right_truncation' ||
    err.condition === 'invalid_argument_for_function' ||
    err.condition === 'invalid_regular_expression' ||
    err.condition === 'data_exception');
