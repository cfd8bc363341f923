// The engine: Tally's one public face. Runs SQL statements, serves snapshots and change streams.
import type { KeyEqualities } from '../batch/key-equalities.js';
import { runQuery, runQueryPaced, type QueryPacer } from '../batch/run-query.js';
import { Catalog, type RelationEntry } from '../catalog/catalog.js';
import { QueryBinder, type BoundQuery } from '../plan/bind-query.js';
import { explainPlan } from '../plan/explain.js';
import { optimize } from '../plan/optimize.js';
import { parseScript, parseStatement, type Dialect } from '../sql/index.js';
import type * as ast from '../sql/ast.js';
import { StreamRuntime, type ChangeListener, type EpochListener } from '../stream/runtime.js';
import { SqlError } from '../types/error.js';
import type { Row, Value } from '../types/value.js';
import { createSink, createSource, createTable, createView, drop } from './ddl.js';
import { applySourceChanges, deleteRows, insert, insertRows, update } from './dml.js';
import { SourceRunner, type SourceStats } from './source-runner.js';
import type { SourceConnector } from '../stream/source.js';
import type { SinkConnector } from '../stream/sink.js';
import { SinkRunner, type SinkStats } from './sink-runner.js';
import { createInsertJob } from './insert-job.js';
import type { LateRow } from '../stream/late-rows.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { clock, sessionInfo } from '../expr/function-registry.js';
import { advanceWatermark, batchCompileOptions, snapshotOf, type EngineState } from './engine-state.js';
import { lookupOf } from './relation-lookup.js';
import { show } from './show.js';
import type { ResultColumn, StatementResult } from './statement-result.js';
import type { DataType } from '../types/data-type.js';
import { Checkpointer, sourcePositionKey, watermarkKey, type CheckpointStats, type StoredDefinition } from './checkpointer.js';
import type { StoredObject } from '../catalog/users.js';
import type { CheckpointDurability, CheckpointStore } from '../storage/checkpoint-store.js';
import type { JsonValue } from '../storage/checkpoint-delta.js';
import { stateKeyPrefix, userKeyOf } from '../storage/state-key.js';
import { isReadable, readAccessOf, type ReadAccess } from '../catalog/read-access.js';
import { ROOT_USER } from '../catalog/users.js';
import { checkGrant, scopePredicate } from '../plan/bind-access.js';
import { maskErrorSecrets } from '../sql/secret-mask.js';
import { compileExpr } from '../expr/compile.js';
import { EngineSession, type ExecuteOptions, type Principal } from './engine-session.js';
export type { ExecuteOptions } from './engine-session.js';
import { checkStatementPrivileges } from './statement-privileges.js';
import { alterUser, createUser, dropUsers, grant } from './user-ddl.js';
import { explainSink } from './explain-sink.js';
import { authenticatePassword, authenticateToken, passwordVerifierOf } from './user-login.js';
import { lockDataDir } from '../storage/data-dir-lock.js';

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
  /** Sink connectors (`connector = 'jdbc'`, ...) this engine can run. */
  readonly sinkConnectors?: readonly SinkConnector[];
  /** At most this many records are read from one source per epoch (default 100,000). */
  readonly maxRecordsPerEpoch?: number;
  /**
   * Keep the catalog and checkpoints in this directory, and restore them when it already holds some. Without it
   * everything lives in memory and is gone when the process ends.
   */
  readonly dataDir?: string;
  /** How checkpoints reach the disk (see CheckpointDurability); default 'fsync'. */
  readonly durability?: CheckpointDurability;
  /**
   * Epochs read from sources commit a checkpoint when this much time has passed since the last one (default
   * 1000 ms; 0 commits every epoch). DDL, DML and ingest commit at once: what a statement acknowledged survives.
   */
  readonly checkpointIntervalMs?: number;
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
  private barrierTimer: ReturnType<typeof setTimeout> | undefined;
  /** The epoch being read from sources, if any: epochs of the barrier loop never overlap. */
  private pendingEpoch: Promise<number> | undefined;
  /** Set when the engine keeps checkpoints in a data directory. */
  private checkpointer: Checkpointer | undefined;
  /** Releases this engine's hold on its data directory (set while it has one). */
  private releaseDataDir: (() => void) | undefined;
  /** The dialect of the statement being run: catalog entries are stored with it. */
  private statementDialect: Dialect = 'postgres';
  private readonly checkpointListeners = new Set<CheckpointListener>();
  /** Aborted by `close`: SELECTs still running (paced) stop. */
  private readonly closing = new AbortController();

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
      sinks: new SinkRunner(),
      checkpoints: false,
    };
    for (const connector of options.sourceConnectors ?? []) this.state.sources.register(connector);
    for (const connector of options.sinkConnectors ?? []) this.state.sinks.register(connector);
    this.state.runtime.onLateRows((view, rows) => this.deadLetterLateRows(view, rows));
    const sinks = this.state.sinks;
    this.state.runtime.onChanges((relation, changes) => {
      if (sinks.size > 0) sinks.onChanges(relation, changes);
    });
    this.dialect = options.dialect;
    this.barrierIntervalMs = options.barrierIntervalMs ?? 1000;
    this.maxRecordsPerEpoch = options.maxRecordsPerEpoch ?? 100_000;
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(options);
    if (options.dataDir !== undefined && !engine.state.dryRun) {
      engine.releaseDataDir = lockDataDir(options.dataDir);
      let checkpointer: Checkpointer | undefined;
      try {
        checkpointer = Checkpointer.open(options.dataDir, { durability: options.durability, intervalMs: options.checkpointIntervalMs ?? 1000 });
        await engine.restore(checkpointer);
      } catch (err) {
        // close() releases the data directory too.
        await engine.close();
        await checkpointer?.store.close();
        throw err;
      }
    }
    return engine;
  }

  /**
   * Replays the stored catalog in its order, each object restoring its state from the last checkpoint and each
   * source resuming at its stored position; then checkpoints are on.
   */
  private async restore(checkpointer: Checkpointer): Promise<void> {
    const store = checkpointer.store;
    const checkpoint = store.latest();
    const state = this.state;
    state.checkpoints = true;
    state.runtime.enableCheckpoints();
    state.sinks.enableCheckpoints(() => this.commitCheckpoint());
    state.restoring = {
      position: (name) => checkpoint?.positions.get(sourcePositionKey(name)),
      watermark: (relation) => {
        const stored = checkpoint?.positions.get(watermarkKey(relation));
        return typeof stored === 'string' ? BigInt(stored) : undefined;
      },
      entries: (jobId, operatorId) => userEntries(store, stateKeyPrefix(jobId, operatorId)),
    };
    try {
      for (const entry of store.catalog()) {
        const definition = JSON.parse(entry.definition) as StoredDefinition;
        this.statementDialect = definition.dialect;
        const statement = parseStatement(definition.sql, { dialect: definition.dialect });
        this.run(statement, definition.sql);
        if (statement.kind === 'createSource' || statement.kind === 'createTable') await this.sourceOpened(entry.name);
        // A target that is down must not keep the engine from starting: the sink retries in the background.
        if (statement.kind === 'createSink' || statement.kind === 'createTable') state.sinks.openInBackground(entry.name);
      }
    } finally {
      state.restoring = undefined;
    }
    if (checkpoint) state.runtime.resumeAt(checkpoint.epoch);
    this.checkpointer = checkpointer;
    this.startBarrierLoop();
  }

  /**
   * Runs every statement of `sql` in order, as root; throws the first statement's error (with its position in
   * `sql`, and with the secrets of the statement masked).
   */
  execute(sql: string, options: ExecuteOptions = {}): Promise<StatementResult[]> {
    return this.executeAs(ROOT, sql, options);
  }

  /** The engine as `user` sees it; `superuser` for users a server trusts fully. Throws when the user does not exist. */
  session(user: string, options: { superuser?: boolean } = {}): EngineSession {
    const superuser = options.superuser ?? false;
    if (!superuser && !this.state.catalog.users.get(user)) throw new SqlError('undefined_object', `role "${user}" does not exist`);
    return new EngineSession({ user, superuser }, this.sessionRunner);
  }

  /** The session of the user holding API token `token` (HTTP `Authorization: Bearer`), if any user does. */
  sessionForToken(token: string): EngineSession | undefined {
    const user = authenticateToken(this.state.catalog.users, token);
    return user === undefined ? undefined : this.session(user);
  }

  /** The session of `user` when `password` is its password (HTTP Basic), else undefined. */
  sessionForPassword(user: string, password: string): EngineSession | undefined {
    return authenticatePassword(this.state.catalog.users, user, password) ? this.session(user) : undefined;
  }

  /** The stored SCRAM-SHA-256 verifier of `user`'s password (pg-wire authenticates with it), if it has one. */
  passwordVerifier(user: string): string | undefined {
    return passwordVerifierOf(this.state.catalog.users, user);
  }

  /** Whether some user can log in with a password or token: a server may then listen beyond this machine. */
  hasCredentials(): boolean {
    return this.state.catalog.users.hasCredentials();
  }

  private readonly sessionRunner = {
    execute: (principal: Principal, sql: string, options: ExecuteOptions) => this.executeAs(principal, sql, options),
    executeStatement: (principal: Principal, statement: ast.Statement, text: string) => this.executeStatementAs(principal, statement, text),
    runStatement: (principal: Principal, statement: ast.Statement, text: string, signal?: AbortSignal) => this.runStatementAs(principal, statement, text, signal),
    describe: (principal: Principal, statement: ast.Statement, parameterTypes: readonly DataType[]) => this.describeAs(principal, statement, parameterTypes),
    rowFilter: (principal: Principal, relation: string) => this.rowFilter(principal, relation),
    isSuperuser: (principal: Principal) => this.accessOf(principal) === undefined,
    canRead: (principal: Principal, relation: string) => {
      const entry = this.state.catalog.relation(relation);
      const access = this.accessOf(principal);
      return entry !== undefined && (access === undefined || isReadable(access, entry));
    },
  };

  private async executeAs(principal: Principal, sql: string, options: ExecuteOptions): Promise<StatementResult[]> {
    const dialect = options.dialect ?? this.dialect ?? 'postgres';
    let statements;
    try {
      statements = parseScript(sql, { dialect });
    } catch (err) {
      throw maskErrorSecrets(err, sql, dialect);
    }
    const results: StatementResult[] = [];
    for (const { statement, text } of statements) {
      this.statementDialect = dialect;
      results.push(await this.runStatementAs(principal, statement, text, options.signal));
      try {
        if (statement.kind === 'createSource' || statement.kind === 'createTable') await this.sourceOpened(statement.name.parts[statement.name.parts.length - 1]!);
        if (statement.kind === 'createSink' || statement.kind === 'createTable') await this.sinkOpened(statement.name.parts[statement.name.parts.length - 1]!);
      } catch (err) {
        // A connector that cannot open may quote its options.
        throw maskErrorSecrets(err, text, dialect);
      }
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
      if (this.state.restoring) {
        throw new Error(`could not restore source "${name}": ${(err as Error).message} (the data directory is unchanged; start again when the source is reachable)`);
      }
      this.state.catalog.remove(name);
      this.state.tables.delete(name);
      this.state.watermarks.delete(name);
      throw err;
    }
    // On restore the dead-letter table comes back from the catalog, after the first source that made it.
    if (this.state.sources.size > 0 && !this.state.restoring) this.ensureDeadLetterTable();
    this.startBarrierLoop();
  }

  /**
   * Opens the writer of a new sink (or of a table with a sink connector); if the target cannot be reached or does
   * not fit, the object is not created.
   */
  private async sinkOpened(name: string): Promise<void> {
    if (!this.state.sinks.isAttached(name)) return;
    try {
      await this.state.sinks.open(name);
    } catch (err) {
      const before = this.storedObjects();
      this.state.catalog.remove(name);
      this.state.tables.delete(name);
      this.state.runtime.removeView(name);
      // The sink's creation was committed with its statement: its removal is committed too.
      if (this.checkpointer) {
        this.checkpointer.noteCatalog(before, this.storedObjects(), this.statementDialect);
        this.commitCheckpoint();
      }
      throw err;
    }
  }

  /** Per-sink counters: changes delivered and pending, errors and the last one. */
  sinkStats(): Map<string, SinkStats> {
    return this.state.sinks.stats();
  }

  /** Resolves when every sink's target has confirmed every change so far (tests, clean stops). */
  sinksDrained(timeoutMs = 10_000): Promise<void> {
    return this.state.sinks.drained(timeoutMs);
  }

  /**
   * Keeps the rows a view dropped as late in the dead-letter table (source: the view; offset: the epoch; payload:
   * the row; error: why), in an epoch of their own right after the one that dropped them.
   */
  private deadLetterLateRows(view: string, rows: readonly LateRow[]): void {
    const entry = this.state.catalog.get(DEAD_LETTER_TABLE);
    const data = this.state.tables.get(DEAD_LETTER_TABLE);
    if (entry?.kind !== 'table' || !data) return;
    const epoch = String(this.state.runtime.epoch);
    const receivedAt = clock.now();
    const letters: Row[] = [];
    for (const late of rows) {
      const reason = late.weight < 0 ? `${late.reason} (a retraction)` : late.reason;
      for (let copy = 0; copy < Math.abs(late.weight); copy++) letters.push([view, epoch, late.payload, reason, receivedAt]);
    }
    this.state.runtime.runEpoch(new Map([[DEAD_LETTER_TABLE, applySourceChanges(entry, data, { rows: letters, weights: letters.map(() => 1) })]]));
  }

  private ensureDeadLetterTable(): void {
    if (this.state.catalog.has(DEAD_LETTER_TABLE)) return;
    const sql = `CREATE TABLE ${DEAD_LETTER_TABLE} (source VARCHAR, "offset" VARCHAR, payload VARCHAR, error VARCHAR, received_at TIMESTAMPTZ) APPEND ONLY`;
    const dialect = this.statementDialect;
    this.statementDialect = 'postgres';
    try {
      this.executeStatement(parseStatement(sql), sql);
    } finally {
      this.statementDialect = dialect;
    }
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
      const epoch = this.state.runtime.runEpoch(changes, watermarks);
      const checkpointer = this.checkpointer;
      if (checkpointer) {
        for (const [name, position] of polled.positions) checkpointer.notePosition(sourcePositionKey(name), position as JsonValue);
        this.beginDueCheckpoint();
      } else {
        // Nothing is kept across a restart: what an epoch consumed is done with.
        this.state.sources.committed(polled.positions);
      }
      return epoch;
    })().finally(() => {
      this.pendingEpoch = undefined;
    });
    return this.pendingEpoch;
  }

  /** Per-source counters: records read, dead letters, poll errors. */
  sourceStats(): Map<string, SourceStats> {
    return this.state.sources.stats();
  }

  /**
   * Runs one parsed statement; `text` is its source, kept as the definition of created objects. With a data
   * directory, a statement that changes the catalog or data returns after its checkpoint is committed.
   */
  executeStatement(statement: ast.Statement, text: string): StatementResult {
    return this.executeStatementAs(ROOT, statement, text);
  }

  /**
   * Runs one parsed statement like `executeStatement`, except that a SELECT gives way to other work while it runs
   * (`runQueryPaced`: other sessions' statements, epochs and checkpoints go on) and stops with query_canceled when
   * `signal` aborts (its reason, when a SqlError, is the error: a statement timeout says so).
   */
  runStatement(statement: ast.Statement, text: string, signal?: AbortSignal): Promise<StatementResult> {
    return this.runStatementAs(ROOT, statement, text, signal);
  }

  private async runStatementAs(principal: Principal, statement: ast.Statement, text: string, signal: AbortSignal | undefined): Promise<StatementResult> {
    throwIfAborted(signal);
    if (statement.kind !== 'query') return this.executeStatementAs(principal, statement, text);
    const dialect = this.statementDialect;
    // current_user is the session's and NOW() the statement's start while its slices run; between them other
    // statements and epochs set their own, and each slice gives back what it found.
    const statementTime = clock.now();
    const pinnedClock = (): bigint => statementTime;
    let outside: { user: string; now: () => bigint } | undefined;
    const enter = (): void => {
      outside = { user: sessionInfo.user, now: clock.now };
      sessionInfo.user = principal.user;
      clock.now = pinnedClock;
    };
    const leave = (): void => {
      if (outside === undefined) return;
      sessionInfo.user = outside.user;
      clock.now = outside.now;
      outside = undefined;
    };
    const pacer: QueryPacer = {
      pause: async () => {
        leave();
        await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfAborted(signal);
        throwIfAborted(this.closing.signal);
        enter();
      },
    };
    enter();
    try {
      const access = this.accessOf(principal);
      if (access) checkStatementPrivileges(statement, principal.user, this.state);
      return await this.queryPaced(statement.query, access, pacer);
    } catch (err) {
      throw maskErrorSecrets(err, text, dialect);
    } finally {
      leave();
    }
  }

  /** `executeStatement` as `principal`: its privileges checked first, secrets masked in any error. */
  private executeStatementAs(principal: Principal, statement: ast.Statement, text: string): StatementResult {
    // current_user is the session's while its statement runs (synchronously: no other statement interleaves).
    const caller = sessionInfo.user;
    sessionInfo.user = principal.user;
    try {
      const access = this.accessOf(principal);
      if (access) checkStatementPrivileges(statement, principal.user, this.state);
      const checkpointer = this.checkpointer;
      if (!checkpointer || !MUTATING.has(statement.kind)) return this.run(statement, text, access);
      const before = this.storedObjects();
      const result = this.run(statement, text, access);
      checkpointer.noteCatalog(before, this.storedObjects(), this.statementDialect);
      this.commitCheckpoint();
      return result;
    } catch (err) {
      throw maskErrorSecrets(err, text, this.statementDialect);
    } finally {
      sessionInfo.user = caller;
    }
  }

  /** The read rights `principal` has now; undefined for a superuser. */
  private accessOf(principal: Principal): ReadAccess | undefined {
    return principal.superuser ? undefined : readAccessOf(this.state.catalog.users, principal.user);
  }

  /** Everything the data directory keeps of the catalog: relations, sinks, users and grants. */
  private storedObjects(): StoredObject[] {
    return [...this.state.catalog.list(), ...this.state.catalog.users.storedObjects()];
  }

  private rowFilter(principal: Principal, relation: string): (row: Row) => boolean {
    const entry = this.state.catalog.relation(relation);
    if (!entry) throw new SqlError('undefined_table', `relation "${relation}" does not exist`);
    const access = this.accessOf(principal);
    if (!access) return () => true;
    checkGrant(access, entry, 0);
    const predicate = scopePredicate(access, entry, 0);
    if (!predicate) return () => true;
    const test = compileExpr(predicate, batchCompileOptions);
    return (row) => test(row) === true;
  }

  /**
   * Commits a checkpoint of everything changed since the last one, numbered after both the runtime's epoch and
   * the last checkpoint (a DDL statement changes the catalog without running an epoch), at once: a checkpoint in
   * flight commits first.
   */
  private commitCheckpoint(): void {
    const checkpointer = this.checkpointer;
    if (!checkpointer) return;
    this.completeCheckpointInFlight(checkpointer);
    const epoch = this.nextCheckpointEpoch(checkpointer);
    checkpointer.commit(this.state, epoch);
    this.checkpointCommitted(epoch, checkpointer);
  }

  /**
   * After an epoch of the barrier loop: begins a checkpoint when one is due. Its state is written in steps of a
   * few milliseconds, between other work (epochs, queries, I/O), so that a checkpoint of much state does not
   * hold the event loop for the whole of its encoding; then it commits.
   */
  private beginDueCheckpoint(): void {
    const checkpointer = this.checkpointer;
    if (!checkpointer) return;
    if (checkpointer.inFlightEpoch !== undefined) {
      if (checkpointer.retryDue(Date.now())) this.scheduleCheckpointStep();
      return;
    }
    if (!checkpointer.due(Date.now())) return;
    checkpointer.begin(this.state, this.nextCheckpointEpoch(checkpointer));
    this.scheduleCheckpointStep();
  }

  private scheduleCheckpointStep(): void {
    setImmediate(() => {
      const checkpointer = this.checkpointer;
      const epoch = checkpointer?.inFlightEpoch;
      if (checkpointer === undefined || epoch === undefined) return;
      try {
        if (!checkpointer.step(performance.now() + CHECKPOINT_STEP_MS)) {
          this.scheduleCheckpointStep();
          return;
        }
      } catch (err) {
        this.checkpointFailed(err);
        return;
      }
      // The store's writer thread commits and flushes it; no other checkpoint begins before it is durable.
      checkpointer.commitInBackground(this.state).then(
        (committed) => {
          if (committed) this.checkpointCommitted(epoch, checkpointer);
        },
        (err: unknown) => this.checkpointFailed(err),
      );
    });
  }

  /** A checkpoint that could not be written stays in flight: the next one to commit tries it again first. */
  private checkpointFailed(err: unknown): void {
    this.lastEpochError = err instanceof Error ? err.message : String(err);
  }

  private completeCheckpointInFlight(checkpointer: Checkpointer): void {
    const epoch = checkpointer.inFlightEpoch;
    if (epoch === undefined) return;
    checkpointer.complete(this.state);
    this.checkpointCommitted(epoch, checkpointer);
  }

  private nextCheckpointEpoch(checkpointer: Checkpointer): number {
    const epoch = Math.max(this.state.runtime.epoch, (checkpointer.store.lastEpoch ?? 0) + 1);
    this.state.runtime.resumeAt(epoch);
    return epoch;
  }

  private checkpointCommitted(epoch: number, checkpointer: Checkpointer): void {
    for (const listener of this.checkpointListeners) listener(epoch, checkpointer.stats.lastMs);
  }

  /** Tells `listener` of every checkpoint committed and how long it took; returns an unsubscribe function. */
  onCheckpoint(listener: CheckpointListener): () => void {
    this.checkpointListeners.add(listener);
    return () => this.checkpointListeners.delete(listener);
  }

  /** Checkpoint counters (undefined without a data directory). */
  checkpointStats(): CheckpointStats | undefined {
    return this.checkpointer?.stats;
  }

  private run(statement: ast.Statement, text: string, access?: ReadAccess): StatementResult {
    const state = this.state;
    switch (statement.kind) {
      case 'query':
        return this.query(statement.query, access);
      case 'createTable':
        return createTable(state, statement, text);
      case 'createSource':
        return createSource(state, statement, text);
      case 'createView': {
        const result = createView(state, statement, text);
        // A view that drops late rows keeps them in the dead-letter table; on restore it comes back with the catalog.
        const name = statement.name.parts[statement.name.parts.length - 1]!;
        if (state.runtime.job(name)?.dataflow.lateRows && !state.restoring) this.ensureDeadLetterTable();
        this.startBarrierLoop();
        return result;
      }
      case 'createSink':
        return createSink(state, statement, text);
      case 'insert':
        // Flink runs `insert into t select ...` as a continuous job; PostgreSQL and RisingWave insert once.
        if (this.statementDialect === 'flink' && statement.source.body.kind !== 'values') return createInsertJob(state, statement, text);
        return insert(state, statement);
      case 'update':
        return update(state, statement);
      case 'delete':
        return deleteRows(state, statement);
      case 'drop':
        return statement.objectKind === 'user' ? dropUsers(state, statement) : drop(state, statement);
      case 'flush':
        return { kind: 'command', tag: 'FLUSH' };
      case 'set':
        if (statement.value === undefined) state.settings.delete(statement.name);
        else state.settings.set(statement.name, statement.value);
        return { kind: 'command', tag: 'SET' };
      case 'show':
        return show(state, statement, access);
      case 'explain':
        return this.explain(statement, access);
      case 'transaction':
        // Statements apply as they run (as in RisingWave): a transaction block is accepted and groups nothing.
        return { kind: 'command', tag: TRANSACTION_TAGS[statement.action] };
      case 'createUser':
        return createUser(state, statement);
      case 'alterUser':
        return alterUser(state, statement);
      case 'grant':
        return grant(state, statement);
    }
  }

  /**
   * The columns `statement` would return, found by binding it without running it (pg-wire's Describe);
   * undefined for a statement that returns no rows. `$n` binds as `parameterTypes[n - 1]`, or untyped.
   */
  describe(statement: ast.Statement, parameterTypes: readonly DataType[] = []): readonly ResultColumn[] | undefined {
    return this.describeAs(ROOT, statement, parameterTypes);
  }

  private describeAs(principal: Principal, statement: ast.Statement, parameterTypes: readonly DataType[]): readonly ResultColumn[] | undefined {
    const params = [...parameterTypes];
    const access = this.accessOf(principal);
    switch (statement.kind) {
      case 'query': {
        const bound = new QueryBinder(this.state.catalog, { streaming: false, params, access }).bindQuery(statement.query, undefined, new Map(), true);
        return bound.plan.columns.slice(0, bound.visibleCount).map((c) => ({ name: c.name, type: c.type }));
      }
      case 'insert':
      case 'update':
      case 'delete': {
        if (!statement.returning) return undefined;
        // RETURNING lists what a SELECT of the same items from the target table would.
        const alias = statement.kind === 'insert' || statement.alias === undefined ? undefined : { name: statement.alias };
        const span = statement.span;
        const from: ast.TableRef = { kind: 'table', name: statement.table, alias, span };
        const select: ast.Select = { kind: 'select', distinct: false, items: statement.returning, from: [from], groupBy: [], windows: [], span };
        return this.describeAs(principal, { kind: 'query', query: { kind: 'query', with: [], body: select, orderBy: [], emitOnWindowClose: false, span }, span }, parameterTypes);
      }
      case 'show': {
        const result = show(this.state, statement, access);
        return result.kind === 'rows' ? result.columns : undefined;
      }
      case 'explain':
        return [{ name: 'QUERY PLAN', type: 'varchar' }];
      default:
        return undefined;
    }
  }

  private query(query: ast.Query, access: ReadAccess | undefined): StatementResult {
    // NOW() is the statement's start in every row, as in PostgreSQL.
    const wallClock = clock.now;
    const statementTime = wallClock();
    clock.now = () => statementTime;
    try {
      const planned = this.planQuery(query, access);
      return rowsResult(planned.columns, this.state.dryRun ? [] : runQuery(planned.query, planned.snapshot, batchCompileOptions, planned.lookup));
    } finally {
      clock.now = wallClock;
    }
  }

  /** `query` paced (`runQueryPaced`); its snapshot is read before the first pause, as its subqueries' are. */
  private async queryPaced(query: ast.Query, access: ReadAccess | undefined, pacer: QueryPacer): Promise<StatementResult> {
    const planned = this.planQuery(query, access);
    return rowsResult(planned.columns, this.state.dryRun ? [] : await runQueryPaced(planned.query, planned.snapshot, batchCompileOptions, planned.lookup, pacer));
  }

  /** Binds and optimizes a SELECT, answering its uncorrelated subqueries from the current state. */
  private planQuery(query: ast.Query, access: ReadAccess | undefined) {
    const snapshot = (relation: string) => snapshotOf(this.state, relation, 'query', access);
    const lookup = (relation: string, equalities: KeyEqualities) => lookupOf(this.state, relation, equalities);
    const runSubquery = (inner: BoundQuery) => runQuery({ ...inner, plan: optimize(inner.plan) }, snapshot, batchCompileOptions, lookup);
    const binder = new QueryBinder(this.state.catalog, { streaming: false, access, runSubquery });
    const bound = binder.bindQuery(query, undefined, new Map(), true);
    const columns: ResultColumn[] = bound.plan.columns.slice(0, bound.visibleCount).map((c) => ({ name: c.name, type: c.type }));
    return { query: { ...bound, plan: optimize(bound.plan) }, columns, snapshot, lookup };
  }

  private explain(stmt: ast.Explain, access: ReadAccess | undefined): StatementResult {
    const inner = stmt.statement;
    let lines: string[];
    if (inner.kind === 'query') {
      const bound = new QueryBinder(this.state.catalog, { streaming: false, access }).bindQuery(inner.query, undefined, new Map(), true);
      lines = explainPlan(optimize(bound.plan), 'BatchPlan');
    } else if (inner.kind === 'createView' && inner.materialized) {
      const bound = new QueryBinder(this.state.catalog, { streaming: true, access }).bindQuery(inner.query, undefined, new Map());
      lines = explainPlan(optimize(bound.plan), `StreamMaterialize { name: ${inner.name.parts.join('.')} }`);
    } else if (inner.kind === 'createSink') {
      lines = explainSink(this.state, inner, access);
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
      this.commitCheckpoint();
      return rows.length;
    }
    const data = this.state.tables.get(relation);
    if (!entry || entry.kind !== 'table' || !data) throw new SqlError('undefined_table', `relation "${relation}" does not exist`);
    const width = entry.columns.length;
    const full = entry.hasUserPrimaryKey ? rows : rows.map((r) => (r.length < width ? withHiddenRowId(r, width) : r));
    const taken = insertRows(this.state, entry, data, full as Row[]).length;
    this.commitCheckpoint();
    return taken;
  }

  /**
   * Applies typed changes to a table as one epoch, as a connector table's are: a row of weight -1 deletes the row of
   * its primary key, a row of +1 replaces the row of its key or is added (a table without a primary key only
   * appends). For connectors that keep a table in step with a keyed stream (the demo's stand-in for JDBC sinks).
   * Returns the number of changes the table's epoch carried (a replaced row counts as a delete and an insert).
   */
  applyChanges(relation: string, changes: ChangeBatch): number {
    const entry = this.state.catalog.get(relation);
    const data = this.state.tables.get(relation);
    if (!entry || entry.kind !== 'table' || !data) throw new SqlError('undefined_table', `relation "${relation}" does not exist`);
    const applied = applySourceChanges(entry, data, changes);
    this.state.runtime.runEpoch(new Map([[relation, applied]]), advanceWatermark(this.state, relation, applied.rows));
    this.commitCheckpoint();
    return applied.rows.length;
  }

  /** Subscribes to every epoch's changes of every relation; returns an unsubscribe function. */
  onChanges(listener: ChangeListener): () => void {
    return this.state.runtime.onChanges(listener);
  }

  /** Tells `listener` of every epoch run and how long its propagation took; returns an unsubscribe function. */
  onEpoch(listener: EpochListener): () => void {
    return this.state.runtime.onEpoch(listener);
  }

  /** The catalog entry of a table, source or view (not a sink), for servers that address relations by name. */
  relation(name: string): RelationEntry | undefined {
    return this.state.catalog.relation(name);
  }

  /** Every table, source and view, in creation order. */
  relations(): RelationEntry[] {
    return this.state.catalog.list().filter((entry): entry is RelationEntry => entry.kind !== 'sink');
  }

  /** The number of rows a table or materialized view holds now; undefined for sources and plain views. */
  rowCount(name: string): number | undefined {
    return this.state.tables.get(name)?.store.size ?? this.state.runtime.job(name)?.state.size;
  }

  /** The number of the last committed epoch. */
  get epoch(): number {
    return this.state.runtime.epoch;
  }

  /** Runs an epoch with no input: views that depend on the clock catch up with the time. */
  tick(): number {
    const epoch = this.state.runtime.runEpoch(new Map());
    this.beginDueCheckpoint();
    return epoch;
  }

  /**
   * Runs an epoch every barrier interval while sources are pulled or views depend on the clock. An epoch starts an
   * interval after the last one started, or as soon as that one ends when it took longer: a fixed timer would
   * leave records that came in during a long epoch waiting for its next tick.
   */
  private startBarrierLoop(): void {
    // While a data directory is replayed no epoch may run: views restored later would miss it.
    if (this.barrierTimer || this.state.dryRun || this.state.restoring) return;
    if (this.state.sources.size === 0 && !this.state.runtime.hasTimeDrivenViews) return;
    const schedule = (delayMs: number): void => {
      this.barrierTimer = setTimeout(() => {
        const started = performance.now();
        this.runSourceEpoch()
          .catch((err: unknown) => {
            this.lastEpochError = err instanceof Error ? err.message : String(err);
          })
          .finally(() => {
            if (this.barrierTimer === undefined) return;
            schedule(Math.max(0, started + this.barrierIntervalMs - performance.now()));
          });
      }, delayMs);
      // Embedded use must not keep a process alive just for the loop; a server keeps it alive by listening.
      this.barrierTimer.unref();
    };
    schedule(this.barrierIntervalMs);
  }

  /** The message of the last epoch of the barrier loop that failed, if any. */
  lastEpochError: string | undefined;

  async close(): Promise<void> {
    this.closing.abort(new SqlError('admin_shutdown', 'terminating connection due to administrator command'));
    if (this.barrierTimer) clearTimeout(this.barrierTimer);
    this.barrierTimer = undefined;
    await this.pendingEpoch?.catch(() => undefined);
    // A short grace for sinks to deliver; what they have not delivered stays in the last checkpoint's logs.
    await this.state.sinks.drained(SINK_CLOSE_GRACE_MS).catch(() => undefined);
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    if (checkpointer) {
      try {
        // The last epochs read from sources survive a clean stop without being read again.
        this.checkpointer = checkpointer;
        this.commitCheckpoint();
      } finally {
        this.checkpointer = undefined;
        await checkpointer.store.close();
      }
    }
    await this.state.sources.closeAll();
    await this.state.sinks.closeAll();
    this.state.tables.clear();
    this.releaseDataDir?.();
    this.releaseDataDir = undefined;
  }
}

const SINK_CLOSE_GRACE_MS = 2000;
/** The longest a step of a checkpoint in flight holds the event loop (it may pass it by one group's encoding). */
const CHECKPOINT_STEP_MS = 4;

/** Listener told of each committed checkpoint: its epoch and how long the commit took (ms). */
export type CheckpointListener = (epoch: number, durationMs: number) => void;

/** Transaction statements are accepted and change nothing: every statement commits on its own, as in RisingWave. */
const TRANSACTION_TAGS: Readonly<Record<ast.Transaction['action'], string>> = {
  begin: 'BEGIN',
  start: 'START TRANSACTION',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
};

/** Statements that change the catalog or data: with a data directory each commits a checkpoint. */
const MUTATING: ReadonlySet<ast.Statement['kind']> = new Set(['createTable', 'createSource', 'createView', 'createSink', 'insert', 'update', 'delete', 'drop', 'createUser', 'alterUser', 'grant']);

/** Statements run without a session: root's, as before users existed. */
const ROOT: Principal = { user: ROOT_USER, superuser: true };

/** A job's stored state under `prefix`, with the prefix taken off the keys. */
function* userEntries(store: CheckpointStore, prefix: Uint8Array): Generator<readonly [Uint8Array, Uint8Array]> {
  for (const [key, bytes] of store.scanState(prefix)) yield [userKeyOf(prefix, key), bytes];
}

/** A copy of `row` widened to `width` columns with NULLs, for the hidden row id the table fills in. */
function withHiddenRowId(row: Row, width: number): Row {
  const full: Row = new Array<Value>(width);
  for (let columnIdx = 0; columnIdx < width; columnIdx++) full[columnIdx] = columnIdx < row.length ? row[columnIdx]! : null;
  return full;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason instanceof SqlError ? signal.reason : new SqlError('query_canceled', 'canceling statement due to user request');
}

const rowsResult = (columns: readonly ResultColumn[], rows: Row[]): StatementResult => ({ kind: 'rows', tag: `SELECT ${rows.length}`, columns, rows });
