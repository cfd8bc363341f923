// Errors as ErrorResponse fields: SQLSTATE from the condition, position as PostgreSQL counts it, no stack traces.
import { SqlError } from '../../types/error.js';
import type { NoticeFields } from './backend-messages.js';
import { INTERNAL_ERROR, SQLSTATE } from './sqlstate.js';
import { WireError } from './wire-error.js';

/**
 * The fields to send for `err`. `query` is the query string the error's position points into. An error that is
 * neither a SqlError nor a WireError is a bug: the client gets XX000 and its message, and `onInternalError`
 * gets the error itself (with its stack) for the server's log.
 */
export function errorFields(err: unknown, query: string | undefined, onInternalError: (err: unknown) => void): NoticeFields {
  if (err instanceof SqlError) {
    return {
      severity: 'ERROR',
      code: SQLSTATE[err.condition],
      message: err.message,
      detail: err.detail,
      hint: err.hint,
      position: err.position === undefined || query === undefined ? undefined : characterPosition(query, err.position),
    };
  }
  if (err instanceof WireError) {
    return { severity: err.fatal ? 'FATAL' : 'ERROR', code: err.code, message: err.message, detail: err.detail, hint: err.hint };
  }
  onInternalError(err);
  const message = err instanceof Error ? err.message : String(err);
  return { severity: 'ERROR', code: INTERNAL_ERROR, message: message === '' ? 'internal error' : message };
}

/**
 * PostgreSQL's error position: 1-based, counted in characters (code points), not UTF-16 units as `offset` is;
 * an offset at or past the end points just after the last character, as PostgreSQL's "at end of input" does.
 */
export function characterPosition(query: string, offset: number): number {
  const end = Math.max(0, Math.min(offset, query.length));
  let characters = 0;
  for (let index = 0; index < end; index++) {
    const code = query.charCodeAt(index);
    // The second half of a surrogate pair belongs to the character counted with the first.
    if (code < 0xdc00 || code > 0xdfff) characters++;
  }
  return characters + 1;
}
