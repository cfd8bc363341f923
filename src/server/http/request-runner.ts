// What a request's statements run through: the engine itself, or (with users) the session of the request's user.
import type { Engine, ExecuteOptions } from '../../engine/engine.js';
import type { StatementResult } from '../../engine/statement-result.js';
import type { Statement } from '../../sql/index.js';
import type { Row } from '../../types/value.js';

/**
 * The engine's statement entry points as one request may use them: the engine's own (`engineRunner`, no auth),
 * or a user's session, which checks the user's grants and limits rows to the user's scope.
 */
export interface RequestRunner {
  execute(sql: string, options?: ExecuteOptions): Promise<StatementResult[]>;
  executeStatement(statement: Statement, text: string): StatementResult;
  /** A statement run so that a SELECT gives way to other work and `signal` stops it (`Engine.runStatement`). */
  runStatement(statement: Statement, text: string, signal?: AbortSignal): Promise<StatementResult>;
  /**
   * The test a full row of `relation` must pass for this request to see it, for change streams (which do not run
   * a query); throws SqlError insufficient_privilege when the relation may not be read at all. Absent: all rows.
   */
  rowFilter?(relation: string): (row: Row) => boolean;
}

/** The engine's own entry points as a runner: no grants, no scope. */
export const engineRunner = (engine: Engine): RequestRunner => ({
  execute: (sql, options) => engine.execute(sql, options),
  executeStatement: (statement, text) => engine.executeStatement(statement, text),
  runStatement: (statement, text, signal) => engine.runStatement(statement, text, signal),
});

/**
 * Decides who sends a request, from its Authorization header: returns what its statements run through, or throws
 * HttpError 401. Called once per request (GET /health excepted), before the route runs.
 */
export type Authenticate = (authorization: string | undefined) => RequestRunner;
