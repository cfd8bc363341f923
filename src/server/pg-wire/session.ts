// One client's session: runs statements against the shared engine with this connection's settings and transaction state.
import type { EngineSession } from '../../engine/engine-session.js';
import type { ResultColumn, StatementResult } from '../../engine/statement-result.js';
import type * as ast from '../../sql/ast.js';
import { SqlError } from '../../types/error.js';
import type { NoticeFields, TransactionStatus } from './backend-messages.js';
import { canonicalName, SessionSettings } from './session-settings.js';
import { parseStatementTimeout, withStatementTimeout } from './statement-timeout.js';
import { WireError } from './wire-error.js';

/** A statement to run: its AST, its text, and where the text starts in the query string the client sent. */
export interface SessionStatement {
  readonly statement: ast.Statement;
  readonly text: string;
  readonly start: number;
  /**
   * True when `statement` had Bind's parameters put in: it is run from the AST (whose positions are already
   * offsets in the client's query string) instead of from `text`.
   */
  readonly substituted: boolean;
}

/** A statement's result, with the warnings to send before it. */
export interface StatementOutcome {
  readonly result: StatementResult;
  readonly warnings: readonly NoticeFields[];
}

/**
 * Settings (SET, RESET, SHOW of a setting) and transaction statements are handled here, per connection; every
 * other statement goes to the engine, which all connections share. Transaction blocks are accepted and group
 * nothing: each statement applies when it runs, as in RisingWave.
 */
export class Session {
  readonly settings: SessionSettings;
  transactionStatus: TransactionStatus = 'I';
  /** The settings before the first SET LOCAL of the current transaction block, restored when it ends. */
  private localSettings: ReadonlyMap<string, string> | undefined;

  constructor(
    /** The engine as this connection's user sees it. */
    private readonly engine: EngineSession,
    /** Values of settings this session has not set (the server's, some of them the engine's). */
    defaults: (name: string) => string | undefined,
  ) {
    this.settings = new SessionSettings(defaults);
  }

  /**
   * Runs one statement; `signal` (the connection's CancelRequest) and statement_timeout stop it. Errors carry
   * positions in the client's query string.
   */
  async run(entry: SessionStatement, signal?: AbortSignal): Promise<StatementOutcome> {
    const statement = entry.statement;
    switch (statement.kind) {
      case 'set':
        return this.set(statement, entry.text);
      case 'transaction':
        return this.transaction(statement);
      case 'show': {
        const value = statement.what === 'variable' ? this.settings.get(statement.variable ?? '') : undefined;
        if (value !== undefined) return plain(settingRows(statement.variable!, value));
        break;
      }
      default:
        break;
    }
    try {
      const timeout = parseStatementTimeout(this.settings.get('statement_timeout') ?? '0');
      return await withStatementTimeout(signal, timeout, async (stop) => {
        if (entry.substituted) return plain(await this.engine.runStatement(statement, entry.text, stop));
        const results = await this.engine.execute(entry.text, { signal: stop });
        return plain(results[0]!);
      });
    } catch (err) {
      if (!entry.substituted && err instanceof SqlError && err.position !== undefined) {
        throw new SqlError(err.condition, err.message, { detail: err.detail, hint: err.hint, position: err.position + entry.start });
      }
      throw err;
    }
  }

  /** The columns a statement returns (Describe), without running it; undefined for none. */
  describe(statement: ast.Statement): readonly ResultColumn[] | undefined {
    if (statement.kind === 'show' && statement.what === 'variable' && this.settings.get(statement.variable ?? '') !== undefined) {
      return [{ name: canonicalName(statement.variable!), type: 'unknown' }];
    }
    if (statement.kind === 'set' || statement.kind === 'transaction') return undefined;
    return this.engine.describe(statement);
  }

  private set(statement: ast.SetVariable, text: string): StatementOutcome {
    // The AST has RESET as SET to the default; the tag tells them apart, as PostgreSQL's does.
    const result: StatementResult = { kind: 'command', tag: /^reset\b/i.test(text) ? 'RESET' : 'SET' };
    if (statement.local) {
      if (this.transactionStatus === 'I') {
        return { result, warnings: [{ severity: 'WARNING', code: '25P01', message: 'SET LOCAL can only be used in transaction blocks' }] };
      }
      this.localSettings ??= this.settings.snapshot();
    }
    this.settings.set(statement.name, statement.value);
    return plain(result);
  }

  private transaction(statement: ast.Transaction): StatementOutcome {
    const result = this.engine.executeStatement(statement, '');
    const warnings: NoticeFields[] = [];
    const inBlock = this.transactionStatus !== 'I';
    if (statement.action === 'begin' || statement.action === 'start') {
      if (inBlock) warnings.push({ severity: 'WARNING', code: '25001', message: 'there is already a transaction in progress' });
      this.transactionStatus = 'T';
      return { result, warnings };
    }
    if (!inBlock) {
      const word = statement.action === 'commit' ? 'COMMIT' : 'ROLLBACK';
      if (statement.chain) throw new WireError('25P01', `${word} AND CHAIN can only be used in transaction blocks`);
      warnings.push({ severity: 'WARNING', code: '25P01', message: 'there is no transaction in progress' });
    }
    this.transactionStatus = statement.chain ? 'T' : 'I';
    if (this.localSettings) this.settings.restore(this.localSettings);
    this.localSettings = undefined;
    return { result, warnings };
  }
}

const plain = (result: StatementResult): StatementOutcome => ({ result, warnings: [] });

function settingRows(name: string, value: string): StatementResult {
  // PostgreSQL's SHOW returns text, which is what an untyped value goes out as.
  const columns: ResultColumn[] = [{ name: canonicalName(name), type: 'unknown' }];
  return { kind: 'rows', tag: 'SHOW', columns, rows: [[value]] };
}
