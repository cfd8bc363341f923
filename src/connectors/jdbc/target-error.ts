// Errors of a JDBC sink's target, told apart: the target refused the data (SqlError) or could not be reached (Error).
import { SqlError, type ErrorCondition } from '../../types/error.js';
import { maskPasswords } from '../../sql/secret-mask.js';

/** PostgreSQL SQLSTATEs that say the target refused the statement or its data, by Tally condition. */
const POSTGRES_CONDITIONS: ReadonlyMap<string, ErrorCondition> = new Map([
  ['23502', 'not_null_violation'], ['23505', 'unique_violation'], ['22001', 'string_data_right_truncation'],
  ['22003', 'numeric_value_out_of_range'], ['22P02', 'invalid_text_representation'], ['22007', 'invalid_datetime_format'],
  ['22008', 'datetime_field_overflow'], ['42P01', 'undefined_table'], ['42703', 'undefined_column'],
  ['42804', 'datatype_mismatch'], ['42501', 'insufficient_privilege'], ['21000', 'cardinality_violation'],
]);
/** SQLSTATE classes of data errors and integrity violations (22, 23) not named above. */
const POSTGRES_DATA_CLASSES = new Set(['22', '23']);

/** MySQL/MariaDB error numbers that say the target refused the statement or its data. */
const MYSQL_CONDITIONS: ReadonlyMap<number, ErrorCondition> = new Map([
  [1048, 'not_null_violation'], [1364, 'not_null_violation'], [1062, 'unique_violation'],
  [1406, 'string_data_right_truncation'], [1264, 'numeric_value_out_of_range'], [1690, 'numeric_value_out_of_range'],
  [1292, 'invalid_text_representation'], [1366, 'invalid_text_representation'], [1367, 'invalid_text_representation'],
  [1146, 'undefined_table'], [1054, 'undefined_column'], [1142, 'insufficient_privilege'], [1143, 'insufficient_privilege'],
  [3819, 'data_exception'], [4025, 'data_exception'],
]);

/** A message fragment in PostgreSQL's style: lower-case first word (acronyms kept), no final period. */
function fragment(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

/** The reason of an error thrown by pg, mysql2 or the network, with its causes (AggregateError of several addresses). */
export function errorReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const inner = err instanceof AggregateError ? err.errors.map(errorReason) : [];
  const own = err.message.trim() !== '' ? fragment(err.message) : ((err as { code?: string }).code ?? err.name);
  return inner.length > 0 ? `${own}${own === '' ? '' : ': '}${[...new Set(inner)].join('; ')}` : own;
}

function conditionOf(err: unknown): ErrorCondition | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, errno, sqlState } = err as { code?: unknown; errno?: unknown; sqlState?: unknown };
  if (typeof sqlState === 'string' && typeof errno === 'number') return MYSQL_CONDITIONS.get(errno);
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in err) {
    return POSTGRES_CONDITIONS.get(code) ?? (POSTGRES_DATA_CLASSES.has(code.slice(0, 2)) ? 'data_exception' : undefined);
  }
  return undefined;
}

/**
 * The error a failed write or open rejects with: `<what>: <reason>`, passwords masked. A SqlError when the
 * target refused the data or statement (a retry fails alike until the target or the data changes); a plain
 * Error when it could not be reached or dropped the connection (a retry may succeed). SqlErrors of Tally's
 * own checks pass through, masked.
 */
export function targetError(err: unknown, what: string, secrets: readonly (string | undefined)[]): Error {
  if (err instanceof SqlError) {
    const masked = new SqlError(err.condition, maskPasswords(err.message, secrets), {
      ...(err.detail !== undefined ? { detail: maskPasswords(err.detail, secrets) } : {}),
      ...(err.hint !== undefined ? { hint: err.hint } : {}),
    });
    return masked;
  }
  const message = `${maskPasswords(what, secrets)}: ${maskPasswords(errorReason(err), secrets)}`;
  const condition = conditionOf(err);
  return condition === undefined ? new Error(message) : new SqlError(condition, message);
}
