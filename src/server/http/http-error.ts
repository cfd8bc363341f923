// Errors as the HTTP API reports them: a status and PostgreSQL's fields (SQLSTATE, message, detail, hint, position).
import { SqlError, type ErrorCondition } from '../../types/error.js';
import { characterPosition } from '../pg-wire/error-fields.js';
import { INTERNAL_ERROR, SQLSTATE } from '../pg-wire/sqlstate.js';

/** An error of the request itself rather than of SQL: unauthenticated, a body that is not what the route reads. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** The SQLSTATE reported with it. */
    readonly code: string,
    message: string,
    readonly detail?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The body of every error response: `{ "error": { code, message, detail?, hint?, position? } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly detail?: string;
    readonly hint?: string;
    /** 1-based character position in the request's SQL, as PostgreSQL reports it. */
    readonly position?: number;
  };
}

/** A response: status and body. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
}

/**
 * The response for `err`. A SqlError is the client's: 400, or the status `statusOf` gives its condition (404 for
 * an unknown relation where the URL names it). `sql` is the text its position points into. Anything else is a
 * bug: 500 with SQLSTATE XX000, and `onInternalError` gets the error (with its stack) for the log.
 */
export function errorResponse(
  err: unknown,
  options: { readonly sql?: string; readonly statusOf?: (condition: ErrorCondition) => number | undefined; readonly onInternalError: (err: unknown) => void },
): ErrorResponse {
  if (err instanceof SqlError) {
    const position = err.position === undefined || options.sql === undefined ? undefined : characterPosition(options.sql, err.position);
    return {
      status: options.statusOf?.(err.condition) ?? 400,
      body: { error: { code: SQLSTATE[err.condition], message: err.message, detail: err.detail, hint: err.hint, position } },
    };
  }
  if (err instanceof HttpError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, detail: err.detail, hint: err.hint } } };
  }
  options.onInternalError(err);
  const message = err instanceof Error && err.message !== '' ? err.message : 'internal error';
  return { status: 500, body: { error: { code: INTERNAL_ERROR, message } } };
}
