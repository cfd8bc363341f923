// The extended query protocol: Parse, Bind, Describe, Execute, Close, Sync and Flush over named statements and portals.
import type { ResultColumn } from '../../engine/statement-result.js';
import {
  bindComplete,
  closeComplete,
  emptyQueryResponse,
  noData,
  parameterDescription,
  parseComplete,
  portalSuspended,
  rowDescription,
} from './backend-messages.js';
import type { FrontendMessage } from './frontend-messages.js';
import { bindPortal, describedParameterOids, prepareStatement, statementWithoutValues, type Portal, type PreparedStatement } from './prepared-statement.js';
import { writeCommandComplete, writeOutcomeNotices, writeRowChunks, type QueryContext } from './query-context.js';
import { fieldDescriptions, fieldWriters, resultFormats } from './result-rows.js';
import { WireError } from './wire-error.js';

type ExtendedMessage = Extract<FrontendMessage, { kind: 'parse' | 'bind' | 'describe' | 'execute' | 'close' }>;

/** Statements that only read: a portal of one runs at Describe, so that its columns are exactly those it returns. */
const READS_ONLY = new Set(['query', 'show', 'explain']);

/**
 * One connection's prepared statements and portals. After an error, every message up to the next Sync is
 * discarded, as PostgreSQL does; Sync ends the implicit transaction and drops the portals.
 */
export class ExtendedQuery {
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly portals = new Map<string, Portal>();
  private failed = false;

  /** Whether messages are being discarded until Sync. */
  get discarding(): boolean {
    return this.failed;
  }

  /** Handles one extended-protocol message; an error is reported and starts the discard-until-Sync state. */
  async handle(message: ExtendedMessage, context: QueryContext): Promise<void> {
    if (this.failed) return;
    try {
      await this.dispatch(message, context);
    } catch (err) {
      this.failed = true;
      context.writeError(err, this.queryOf(message));
    }
  }

  /** Sync: the end of a batch of extended messages. The caller writes ReadyForQuery. */
  sync(transactionIdle: boolean): void {
    this.failed = false;
    if (transactionIdle) this.portals.clear();
  }

  /** A simple Query drops the unnamed statement, as PostgreSQL does. */
  dropUnnamed(): void {
    this.statements.delete('');
    this.portals.delete('');
  }

  private async dispatch(message: ExtendedMessage, context: QueryContext): Promise<void> {
    const w = context.writer;
    switch (message.kind) {
      case 'parse': {
        if (message.statement !== '' && this.statements.has(message.statement)) {
          throw new WireError('42P05', `prepared statement "${message.statement}" already exists`);
        }
        const prepared = prepareStatement(message.sql, message.parameterOids);
        // Names and types are checked now, so that errors come at Parse as PostgreSQL's parse analysis gives them.
        const checked = statementWithoutValues(prepared);
        if (checked) context.session.describe(checked);
        this.statements.set(message.statement, prepared);
        parseComplete(w);
        return;
      }
      case 'bind': {
        if (message.portal !== '' && this.portals.has(message.portal)) throw new WireError('42P03', `portal "${message.portal}" already exists`);
        const prepared = this.statement(message.statement);
        this.portals.set(message.portal, bindPortal(prepared, message.statement, message.parameters, message.parameterFormats, message.resultFormats));
        bindComplete(w);
        return;
      }
      case 'describe':
        if (message.target === 'statement') this.describeStatement(this.statement(message.name), context);
        else await this.describePortal(this.portal(message.name), context);
        return;
      case 'execute':
        await this.execute(this.portal(message.portal), message.maxRows, context);
        return;
      case 'close':
        if (message.target === 'statement') this.statements.delete(message.name);
        else this.portals.delete(message.name);
        closeComplete(w);
        return;
    }
  }

  private describeStatement(prepared: PreparedStatement, context: QueryContext): void {
    parameterDescription(context.writer, describedParameterOids(prepared));
    const statement = statementWithoutValues(prepared);
    const columns = statement ? context.session.describe(statement) : undefined;
    writeColumns(context, columns, []);
  }

  private async describePortal(portal: Portal, context: QueryContext): Promise<void> {
    const entry = portal.statement;
    let columns: readonly ResultColumn[] | undefined;
    if (entry && READS_ONLY.has(entry.statement.kind)) {
      portal.outcome ??= await context.session.run(entry, context.signal);
      columns = portal.outcome.result.kind === 'rows' ? portal.outcome.result.columns : undefined;
    } else if (entry) {
      columns = context.session.describe(entry.statement);
    }
    writeColumns(context, columns, portal.formatCodes);
  }

  private async execute(portal: Portal, maxRows: number, context: QueryContext): Promise<void> {
    const entry = portal.statement;
    if (!entry) {
      emptyQueryResponse(context.writer);
      return;
    }
    context.checkCanceled();
    const outcome = (portal.outcome ??= await context.session.run(entry, context.signal));
    if (!portal.noticesWritten) writeOutcomeNotices(context.writer, outcome);
    portal.noticesWritten = true;
    const result = outcome.result;
    if (result.kind === 'rows') {
      const formats = resultFormats(portal.formatCodes, result.columns.length);
      const end = maxRows > 0 ? Math.min(result.rows.length, portal.sent + maxRows) : result.rows.length;
      const from = portal.sent;
      await writeRowChunks(context, result.rows, from, end, fieldWriters(result.columns, formats));
      portal.sent = end;
      // As PostgreSQL: a part that fills the row limit suspends the portal, even when no rows are left.
      if (maxRows > 0 && end - from === maxRows) {
        portalSuspended(context.writer);
        return;
      }
      writeCommandComplete(context.writer, result, end - from);
      return;
    }
    writeCommandComplete(context.writer, result);
  }

  private statement(name: string): PreparedStatement {
    const prepared = this.statements.get(name);
    if (!prepared) throw new WireError('26000', `prepared statement "${name}" does not exist`);
    return prepared;
  }

  private portal(name: string): Portal {
    const portal = this.portals.get(name);
    if (!portal) throw new WireError('34000', `portal "${name}" does not exist`);
    return portal;
  }

  /** The query string an error's position points into: the statement's or portal's source. */
  private queryOf(message: ExtendedMessage): string | undefined {
    switch (message.kind) {
      case 'parse': return message.sql;
      case 'bind': return this.statements.get(message.statement)?.sql;
      case 'describe': return message.target === 'statement' ? this.statements.get(message.name)?.sql : this.portals.get(message.name)?.prepared.sql;
      case 'execute': return this.portals.get(message.portal)?.prepared.sql;
      case 'close': return undefined;
    }
  }
}

/** RowDescription for `columns`, or NoData for a statement without rows. */
function writeColumns(context: QueryContext, columns: readonly ResultColumn[] | undefined, formatCodes: readonly number[]): void {
  if (!columns) {
    noData(context.writer);
    return;
  }
  rowDescription(context.writer, fieldDescriptions(columns, resultFormats(formatCodes, columns.length)));
}
