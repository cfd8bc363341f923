// The engine: Tally's one public face. Runs SQL statements, serves snapshots and change streams.
import { runQuery } from '../batch/run-query.js';
import { Catalog } from '../catalog/catalog.js';
import { QueryBinder } from '../plan/bind-query.js';
import { explainPlan } from '../plan/explain.js';
import { optimize } from '../plan/optimize.js';
import { parseScript, parseStatement, type Dialect } from '../sql/index.js';
import type * as ast from '../sql/ast.js';
import { StreamRuntime, type ChangeListener } from '../stream/runtime.js';
import { SqlError } from '../types/error.js';
import type { Row, Value } from '../types/value.js';
import { createSink, createSource, createTable, createView, drop } from './ddl.js';
import { applySourceChanges, deleteRows, insert, insertRows, update } from './dml.js';
import { SourceRunner, type SourceStats } from './source-runner.js';
import type { SourceConnector } from '../stream/source.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { clock } from '../expr/function-registry.js';
import { advanceWatermark, batchCompileOptions, snapshotOf, type EngineState } from './engine-state.js';
import { show } from './show.js';
import type { StatementResult } from './statement-result.js';

export interface EngineOptions {
  /** Bind and plan statements without running them (`tally check`). */
  readonly dryRun?: boolean;
  readonly dialect?: Dialect;
  /**
   * How often an epoch runs without input when some view depends on the clock (NOW(), CURRENT_DATE), so that
   * rows age out on time. Default 1000 ms.
   */
  readonly barrierIntervalMs?: number;
  /** Source connectors (`connector = 'file'`, ...) this engine can run; see `src/connectors/index.ts`. */
  readonly sourceConnectors?: readonly SourceConnector[];
  /** At most this many records are read from one source per epoch (default 100,000). */
  readonly maxRecordsPerEpoch?: number;
}

/** The table where records that could not be decoded are kept, with their source, offset, payload and error. */
export const DEAD_LETTER_TABLE = 'tally_dead_letters';

/**
 * An embedded Tally database. Statements run one at a time; each DML statement commits one epoch, so
 * readers never see a view that has only partly caught up with a change.
 */
export class Engine {
  private readonly state: EngineState;
  private readonly dialect?: Dialect;
  private readonly barrierIntervalMs: number;
  private readonly maxRecordsPerEpoch: number;
  private barrierTimer: ReturnType<typeof setInterval> | undefined;
  /** The epoch being read from sources, if any: epochs of the barrier loop never overlap. */
  private pendingEpoch: Promise<number> | undefined;

  private constructor(options: EngineOptions) {
    this.state = {
      catalog: new Catalog(),
      tables: new Map(),
      runtime: new StreamRuntime(),
      dryRun: options.dryRun ?? false,
      settings: new Map(),
      viewDataErrors: 0,
      watermarks: new Map(),
      sources: new SourceRunner(),
    };
    for (const connector of options.sourceConnectors ?? []) this.state.sources.register(connector);
    this.dialect = options.dialect;
    this.barrierIntervalMs = options.barrierIntervalMs ?? 1000;
    this.maxRecordsPerEpoch = options.maxRecordsPerEpoch ?? 100_000;
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    return new Engine(options);
  }

  /** Runs every statement of `sql` in order; throws the first statement's error (with its position in `sql`). */
  async execute(sql: string, options: { dialect?: Dialect } = {}): Promise<StatementResult[]> {
    const statements = parseScript(sql, { dialect: options.dialect ?? this.dialect });
    const results: StatementResult[] = [];
    for (const { statement, text } of statements) {
      results.push(this.executeStatement(statement, text));
      if (statement.kind === 'createSource' || statement.kind === 'createTable') await this.sourceOpened(statement.name.parts[statement.name.parts.length - 1]!);
      // FLUSH is a barrier: what the sources have now is read and visible when it returns.
      if (statement.kind === 'flush' && this.state.sources.size > 0) await this.runSourceEpoch();
    }
    return results;
  }

  /** Waits for a new source's reader to open; if it cannot, the source is not created. */
  private async sourceOpened(name: string): Promise<void> {
    try {
      await this.state.sources.ready();
    } catch (err) {
      this.state.catalog.remove(name);
      this.state.tables.delete(name);
      this.state.watermarks.delete(name);
      throw err;
    }
    if (this.state.sources.size > 0) this.ensureDeadLetterTable();
    this.startBarrierLoop();
  }

  private ensureDeadLetterTable(): void {
    if (this.state.catalog.has(DEAD_LETTER_TABLE)) return;
    const sql = `CREATE TABLE ${DEAD_LETTER_TABLE} (source VARCHAR, "offset" VARCHAR, payload VARCHAR, error VARCHAR, received_at TIMESTAMPTZ) APPEND ONLY`;
    this.executeStatement(parseStatement(sql), sql);
  }

  /**
   * Reads one epoch from every pulled source and runs it: changes of connector tables are applied to their
   * rows, undecodable records land in the dead-letter table, watermarks advance. Resolves to the epoch number.
   */
  runSourceEpoch(): Promise<number> {
    if (this.pendingEpoch) return this.pendingEpoch;
    this.pendingEpoch = (async () => {
      const polled = await this.state.sources.poll(this.maxRecordsPerEpoch, clock.now());
      const changes = new Map<string, ChangeBatch>();
      let watermarks: ReadonlyMap<string, bigint> | undefined;
      for (const [relation, batch] of polled.changes) {
        const entry = this.state.catalog.get(relation);
        const data = this.state.tables.get(relation);
        const applied = entry?.kind === 'table' && data ? applySourceChanges(entry, data, batch) : batch;
        changes.set(relation, applied);
        watermarks = advanceWatermark(this.state, relation, applied.rows);
      }
      const deadLetters = this.state.tables.get(DEAD_LETTER_TABLE);
      const deadLetterEntry = this.state.catalog.get(DEAD_LETTER_TABLE);
      if (polled.deadLetters.length > 0 && deadLetters && deadLetterEntry?.kind === 'table') {
        changes.set(DEAD_LETTER_TABLE, applySourceChanges(deadLetterEntry, deadLetters, { rows: polled.deadLetters, weights: polled.deadLetters.map(() => 1) }));
      }
      return this.state.runtime.runEpoch(changes, watermarks);
    })().finally(() => {
      this.pendingEpoch = undefined;
    });
    return this.pendingEpoch;
  }

  /** Per-source counters: records read, dead letters, poll errors. */
  sourceStats(): Map<string, SourceStats> {
    return this.state.sources.stats();
  }

  /** Runs one parsed statement; `text` is its source, kept as the definition of created objects. */
  executeStatement(statement: ast.Statement, text: string): StatementResult {
    const state = this.state;
    switch (statement.kind) {
      case 'query':
        return this.query(statement.query);
      case 'createTable':
        return createTable(state, statement, text);
      case 'createSource':
        return createSource(state, statement, text);
      case 'createView': {
        const result = createView(state, statement, text);
        this.startBarrierLoop();
        return result;
      }
      case 'createSink':
        return createSink(state, statement, text);
      case 'insert':
        return insert(state, statement);
      case 'update':
        return update(state, statement);
      case 'delete':
        return deleteRows(state, statement);
      case 'drop':
        return drop(state, statement);
      case 'flush':
        return { kind: 'command', tag: 'FLUSH' };
      case 'set':
        if (statement.value === undefined) state.settings.delete(statement.name);
        else state.settings.set(statement.name, statement.value);
        return { kind: 'command', tag: 'SET' };
      case 'show':
        return show(state, statement);
      case 'explain':
        return this.explain(statement);
    }
  }

  private query(query: ast.Query): StatementResult {
    const binder = new QueryBinder(this.state.catalog, { streaming: false });
    const bound = binder.bindQuery(query, undefined, new Map(), true);
    const columns = bound.plan.columns.slice(0, bound.visibleCount).map((c) => ({ name: c.name, type: c.type }));
    if (this.state.dryRun) return { kind: 'rows', tag: 'SELECT 0', columns, rows: [] };
    const rows = runQuery({ ...bound, plan: optimize(bound.plan) }, (r) => snapshotOf(this.state, r), batchCompileOptions);
    return { kind: 'rows', tag: `SELECT ${rows.length}`, columns, rows };
  }

  private explain(stmt: ast.Explain): StatementResult {
    const inner = stmt.statement;
    let lines: string[];
    if (inner.kind === 'query') {
      const bound = new QueryBinder(this.state.catalog, { streaming: false }).bindQuery(inner.query, undefined, new Map(), true);
      lines = explainPlan(optimize(bound.plan), 'BatchPlan');
    } else if (inner.kind === 'createView' && inner.materialized) {
      const bound = new QueryBinder(this.state.catalog, { streaming: true }).bindQuery(inner.query, undefined, new Map());
      lines = explainPlan(optimize(bound.plan), `StreamMaterialize { name: ${inner.name.parts.join('.')} }`);
    } else {
      throw new SqlError('feature_not_supported', `EXPLAIN of ${inner.kind} is not supported`, { position: inner.span.start });
    }
    return { kind: 'rows', tag: `EXPLAIN`, columns: [{ name: 'QUERY PLAN', type: 'varchar' }], rows: lines.map((l) => [l]) };
  }

  /**
   * Appends already-typed rows (values in the representation of `types/value.ts`, one per visible column) to
   * a table or a push source (`connector = 'http'`) as one epoch: the bulk path for connectors and
   * benchmarks. Returns the number of rows taken.
   */
  ingest(relation: string, rows: readonly Row[]): number {
    const entry = this.state.catalog.get(relation);
    if (entry?.kind === 'source') {
      const watermarks = advanceWatermark(this.state, relation, rows);
      this.state.runtime.runEpoch(new Map([[relation, { rows: rows as Row[], weights: new Array<number>(rows.length).fill(1) }]]), watermarks);
      return rows.length;
    }
    const data = this.state.tables.get(relation);
    if (!entry || entry.kind !== 'table' || !data) throw new SqlError('undefined_table', `relation "${relation}" does not exist`);
    const width = entry.columns.length;
    const full = entry.hasUserPrimaryKey ? rows : rows.map((r) => (r.length < width ? withHiddenRowId(r, width) : r));
    return insertRows(this.state, entry, data, full as Row[]).length;
  }

  /** Subscribes to every epoch's changes of every relation; returns an unsubscribe function. */
  onChanges(listener: ChangeListener): () => void {
    return this.state.runtime.onChanges(listener);
  }

  /** The number of the last committed epoch. */
  get epoch(): number {
    return this.state.runtime.epoch;
  }

  /** Runs an epoch with no input: views that depend on the clock catch up with the time. */
  tick(): number {
    return this.state.runtime.runEpoch(new Map());
  }

  /** Runs an epoch every barrier interval while sources are pulled or views depend on the clock. */
  private startBarrierLoop(): void {
    if (this.barrierTimer || this.state.dryRun) return;
    if (this.state.sources.size === 0 && !this.state.runtime.hasTimeDrivenViews) return;
    this.barrierTimer = setInterval(() => {
      this.runSourceEpoch().catch((err: unknown) => {
        this.lastEpochError = err instanceof Error ? err.message : String(err);
      });
    }, this.barrierIntervalMs);
    // Embedded use must not keep a process alive just for the loop; a server keeps it alive by listening.
    this.barrierTimer.unref();
  }

  /** The message of the last epoch of the barrier loop that failed, if any. */
  lastEpochError: string | undefined;

  async close(): Promise<void> {
    if (this.barrierTimer) clearInterval(this.barrierTimer);
    this.barrierTimer = undefined;
    await this.pendingEpoch?.catch(() => undefined);
    await this.state.sources.closeAll();
    this.state.tables.clear();
  }
}

/** A copy of `row` widened to `width` columns with NULLs, for the hidden row id the table fills in. */
function withHiddenRowId(row: Row, width: number): Row {
  const full: Row = new Array<Value>(width);
  for (let columnIdx = 0; columnIdx < width; columnIdx++) full[columnIdx] = columnIdx < row.length ? row[columnIdx]! : null;
  return full;
}
