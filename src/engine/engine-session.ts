// A session: statements run as one user, with that user's grants and row scope.
import type { Dialect } from '../sql/index.js';
import type * as ast from '../sql/ast.js';
import type { DataType } from '../types/data-type.js';
import type { Row } from '../types/value.js';
import type { ResultColumn, StatementResult } from './statement-result.js';

/** Who runs a statement. `superuser` is set for root and for users a server trusts fully (its config file's). */
export interface Principal {
  readonly user: string;
  readonly superuser: boolean;
}

/** Options of `Engine.execute` and `EngineSession.execute`. */
export interface ExecuteOptions {
  readonly dialect?: Dialect;
  /**
   * Stops a running SELECT (checked between its slices of work) and the statements after it, with query_canceled;
   * the abort reason, when a SqlError, is the error thrown (a statement timeout says so).
   */
  readonly signal?: AbortSignal;
}

/** What a session needs from its engine: the engine's statement entry points, run as a principal. */
export interface SessionRunner {
  execute(principal: Principal, sql: string, options: ExecuteOptions): Promise<StatementResult[]>;
  executeStatement(principal: Principal, statement: ast.Statement, text: string): StatementResult;
  runStatement(principal: Principal, statement: ast.Statement, text: string, signal?: AbortSignal): Promise<StatementResult>;
  describe(principal: Principal, statement: ast.Statement, parameterTypes: readonly DataType[]): readonly ResultColumn[] | undefined;
  rowFilter(principal: Principal, relation: string): (row: Row) => boolean;
  isSuperuser(principal: Principal): boolean;
  canRead(principal: Principal, relation: string): boolean;
}

/**
 * The engine as one user sees it (`Engine.session`): the same `execute`, `executeStatement` and `describe`, with
 * the user's privileges checked and rows limited to its scope. Grants, scopes and the user's existence are looked
 * up at each statement, so that GRANT, REVOKE, ALTER USER and DROP USER apply to open sessions at once.
 */
export class EngineSession {
  constructor(
    readonly principal: Principal,
    private readonly runner: SessionRunner,
  ) {}

  get user(): string {
    return this.principal.user;
  }

  /** Whether the user is a superuser now (trusted as one, or made one by CREATE / ALTER USER ... SUPERUSER). */
  get superuser(): boolean {
    return this.runner.isSuperuser(this.principal);
  }

  /** Runs every statement of `sql` in order as this session's user (see `Engine.execute`). */
  execute(sql: string, options: ExecuteOptions = {}): Promise<StatementResult[]> {
    return this.runner.execute(this.principal, sql, options);
  }

  /** Runs one parsed statement as this session's user, a SELECT paced and stoppable (see `Engine.runStatement`). */
  runStatement(statement: ast.Statement, text: string, signal?: AbortSignal): Promise<StatementResult> {
    return this.runner.runStatement(this.principal, statement, text, signal);
  }

  /** Runs one parsed statement as this session's user (see `Engine.executeStatement`). */
  executeStatement(statement: ast.Statement, text: string): StatementResult {
    return this.runner.executeStatement(this.principal, statement, text);
  }

  /** The columns `statement` would return for this user (see `Engine.describe`). */
  describe(statement: ast.Statement, parameterTypes: readonly DataType[] = []): readonly ResultColumn[] | undefined {
    return this.runner.describe(this.principal, statement, parameterTypes);
  }

  /**
   * Whether the user may read `relation` as far as the catalog tells (granted, with every scoping column unless a
   * plain view): what SHOW and the system catalogs list for it, and what an API listing relations should show.
   */
  canRead(relation: string): boolean {
    return this.runner.canRead(this.principal, relation);
  }

  /**
   * The test a row of `relation` (its full row, hidden columns included, as `Engine.onChanges` delivers it) must
   * pass to be shown to this user: for live change streams, which do not go through a query. Throws permission
   * denied when the user may not read the relation at all.
   */
  rowFilter(relation: string): (row: Row) => boolean {
    return this.runner.rowFilter(this.principal, relation);
  }
}
