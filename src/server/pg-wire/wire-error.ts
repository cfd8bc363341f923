// Errors raised by the protocol layer itself, which carry their SQLSTATE code directly.

/**
 * A protocol-level error (bad message, unknown prepared statement, failed authentication). SqlErrors from the
 * engine carry a condition name and get their code in `sqlstate.ts`; these are born at the edge with a code.
 * A fatal one ends the connection after the ErrorResponse is sent.
 */
export class WireError extends Error {
  readonly code: string;
  readonly fatal: boolean;
  readonly detail?: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { fatal?: boolean; detail?: string; hint?: string } = {}) {
    super(message);
    this.name = 'WireError';
    this.code = code;
    this.fatal = options.fatal ?? false;
    this.detail = options.detail;
    this.hint = options.hint;
  }
}
