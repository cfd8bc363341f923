// CheckpointStore: the checkpoints of a data directory in LMDB (catalog, positions, operator state, last epoch).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { CatalogEntry, Checkpoint, CheckpointDelta, JsonValue } from './checkpoint-delta.js';
import { DIRECT_KEY_LIMIT, splitLongValue } from './long-key.js';
import { hasPrefix, prefixEnd } from './state-key.js';
import { StatePack } from './state-pack.js';
import { StoreWriter, type WriterRequest } from './store-writer.js';

/**
 * Version of the layout below and of what operators keep in it; a store written by another version is refused
 * rather than misread. 2: temporal projections keep other expressions (their AND / OR operands one by one) and only
 * the rows whose values may still change, under plans with one more operator. 3: a DISTINCT aggregate's counts
 * are a log of changes in sealed chunks (distinct-log.ts), no longer a set inside its group's entry. 4: an
 * aggregate under a projection computes it (one operator fewer) and keeps its projected rows; a view fed by an
 * aggregate alone stores no rows of its own (the aggregate's emitted rows are they).
 */
export const CHECKPOINT_FORMAT_VERSION = 4;
/** The store's directory inside the data directory (holds LMDB's data.mdb and lock.mdb). */
const STORE_DIRECTORY = 'checkpoint';
const FORMAT_VERSION_KEY = 'format_version';
const EPOCH_KEY = 'epoch';
const CATALOG_SEQUENCE_KEY = 'catalog_sequence';
/** Keys deleted per cursor pass of a prefix drop: bounds the memory of dropping a large job. */
const DROP_CHUNK = 10_000;
const MAX_DATABASES = 8;

/**
 * How a commit reaches the disk.
 * - 'fsync' (default): LMDB's synchronous commit. `commit` returns after the data pages and then the meta page
 *   are flushed (fdatasync), so a returned checkpoint survives a process crash, an OS crash and a power loss
 *   (as far as the disk honours flushes). Costs two flushes per commit: milliseconds, once per barrier.
 * - 'none' (LMDB's noSync): no flush; the OS writes pages back when it likes. A process crash loses nothing
 *   (the pages are in the OS's cache) and commits stay atomic; but an OS crash or power loss may lose the last
 *   checkpoints and, as pages may reach the disk out of order, may leave the file corrupt. For tests, benchmarks
 *   and state that can be rebuilt from the sources.
 * lmdb-js's own default, overlappingSync (commit visible before it is flushed, flushed in the background, the
 * last flushed commit restored after a reboot), is turned off: an exactly-once sink must not act on a
 * checkpoint that a power loss can take back.
 */
export type CheckpointDurability = 'fsync' | 'none';

/** Options of `CheckpointStore.open`. */
export interface CheckpointStoreOptions {
  /** Default 'fsync'. */
  readonly durability?: CheckpointDurability;
}

interface StoredCatalogEntry {
  readonly sequence: number;
  readonly definition: string;
}

/**
 * The embedded transactional store of a data directory (`<dataDir>/checkpoint`), in four LMDB databases:
 * `meta` (format version, last epoch, catalog sequence), `catalog` (name -> DDL text and replay sequence),
 * `positions` (source or sink name -> JSON) and `state` (operator state, `<jobId>/<operatorId>/<userKey>` ->
 * bytes). The runtime commits once per checkpoint barrier and reads everything back once at start.
 *
 * Every write goes through one writer thread (store-writer-thread.ts), in order: a commit's transaction and its
 * flush to disk run there, so a checkpoint written while the stream runs (`beginCommit`) holds the event loop
 * only to hand its delta over. `commit` blocks until its checkpoint is durable. Reads run on the caller's
 * thread, on a snapshot taken after the last commit answered (a scan keeps its snapshot while later commits
 * land). One process at a time may use a data directory.
 */
export class CheckpointStore {
  private constructor(
    /** The directory of the LMDB files. */
    readonly path: string,
    private readonly environment: RootDatabase,
    private readonly meta: Database<JsonValue, string>,
    private readonly catalogTable: Database<StoredCatalogEntry, string>,
    private readonly positions: Database<JsonValue, string>,
    private readonly state: Database<Buffer, Uint8Array>,
    private readonly writer: StoreWriter,
    private committedEpoch: number | undefined,
  ) {}

  /** The commit handed to the writer and not yet answered, if any: at most one at a time. */
  private pending: PendingCommit | undefined;

  /** Opens (creating if needed) the store of `dataDir`; refuses a store of another format version. */
  static open(dataDir: string, options: CheckpointStoreOptions = {}): CheckpointStore {
    const path = join(dataDir, STORE_DIRECTORY);
    mkdirSync(path, { recursive: true });
    const environment = open({
      path,
      maxDbs: MAX_DATABASES,
      overlappingSync: false,
      noSync: options.durability === 'none',
    });
    const meta = environment.openDB<JsonValue, string>({ name: 'meta', encoding: 'json' });
    const catalogTable = environment.openDB<StoredCatalogEntry, string>({ name: 'catalog', encoding: 'json' });
    const positions = environment.openDB<JsonValue, string>({ name: 'positions', encoding: 'json' });
    const state = environment.openDB<Buffer, Uint8Array>({ name: 'state', encoding: 'binary', keyEncoding: 'binary' });
    const version = meta.get(FORMAT_VERSION_KEY);
    if (version === undefined) {
      meta.transactionSync(() => meta.putSync(FORMAT_VERSION_KEY, CHECKPOINT_FORMAT_VERSION));
    } else if (version !== CHECKPOINT_FORMAT_VERSION) {
      void environment.close();
      throw new Error(
        `checkpoint store "${path}" has format version ${JSON.stringify(version)}, this build reads version ${CHECKPOINT_FORMAT_VERSION} ` +
          '(start with a new data directory, and create the pipeline there again)',
      );
    }
    const epoch = meta.get(EPOCH_KEY);
    const writer = StoreWriter.start({
      path,
      noSync: options.durability === 'none',
      maxDbs: MAX_DATABASES,
      directKeyLimit: DIRECT_KEY_LIMIT,
      dropChunk: DROP_CHUNK,
      epochKey: EPOCH_KEY,
      catalogSequenceKey: CATALOG_SEQUENCE_KEY,
    });
    return new CheckpointStore(path, environment, meta, catalogTable, positions, state, writer, typeof epoch === 'number' ? epoch : undefined);
  }

  /** The epoch of the last committed checkpoint, if any. */
  get lastEpoch(): number | undefined {
    return this.committedEpoch;
  }

  /**
   * Commits the checkpoint of `epoch` (a safe integer above the last committed one): all of `delta` and the
   * epoch in one LMDB transaction, so that after any crash the store holds all of it or none of it. Returns
   * once durable (see CheckpointDurability). If it throws, nothing of the delta is applied.
   */
  commit(epoch: number, delta: CheckpointDelta): void {
    this.beginCommit(epoch, delta).wait();
  }

  /**
   * Hands the checkpoint of `epoch` to the writer thread and returns at once; `done` resolves when it is durable
   * (to undefined) or refused (to the error; nothing of it applied, and the same delta may be committed again).
   * A commit still unanswered is waited for first.
   */
  beginCommit(epoch: number, delta: CheckpointDelta): PendingCommit {
    this.awaitPending();
    if (!Number.isSafeInteger(epoch) || epoch < 0 || (this.committedEpoch !== undefined && epoch <= this.committedEpoch)) {
      throw new Error(`cannot commit checkpoint of epoch ${epoch} after epoch ${this.committedEpoch ?? 'none'}`);
    }
    const stateDeletes = packed(false, delta.statePack?.deletes, delta.stateDeletes ?? [], (pack, key) => pack.addKey(key));
    const statePuts = packed(true, delta.statePack?.puts, delta.statePuts ?? [], (pack, [key, bytes]) => pack.addKey(key, bytes));
    const request = this.writer.send(
      {
        kind: 'commit',
        epoch,
        stateDropPrefixes: [...(delta.stateDropPrefixes ?? [])],
        stateDeletes,
        statePuts,
        positionDeletes: [...(delta.positionDeletes ?? [])],
        positions: [...(delta.positions ?? [])],
        catalogDeletes: [...(delta.catalogDeletes ?? [])],
        catalogPuts: [...(delta.catalogPuts ?? [])],
      },
      (result) => {
        if (this.pending?.request === request) this.pending = undefined;
        if (result.error !== undefined) return;
        this.committedEpoch = epoch;
        // This thread's cached read snapshot predates the writer's commit.
        this.environment.resetReadTxn();
      },
    );
    const pending = new PendingCommit(epoch, request, this.writer);
    if (request.result === undefined) this.pending = pending;
    return pending;
  }

  /** The last committed checkpoint (epoch and positions, read from one snapshot), or undefined if none. */
  latest(): Checkpoint | undefined {
    const transaction = this.environment.useReadTransaction();
    try {
      const epoch = this.meta.get(EPOCH_KEY, { transaction });
      if (typeof epoch !== 'number') return undefined;
      const positions = new Map<string, JsonValue>();
      for (const { key, value } of this.positions.getRange({ transaction })) positions.set(key, value);
      return { epoch, positions };
    } finally {
      transaction.done();
    }
  }

  /**
   * The catalog's statements in replay order. A statement keeps its place when replaced (objects created
   * after it may depend on it); deleting and putting a name in one delta moves it to the end.
   */
  catalog(): CatalogEntry[] {
    const entries: CatalogEntry[] = [];
    for (const { key, value } of this.catalogTable.getRange()) {
      entries.push({ name: key, definition: value.definition, sequence: value.sequence });
    }
    return entries.sort((a, b) => a.sequence - b.sequence);
  }

  /**
   * The state entries whose key starts with `prefix` (a job's or an operator's `stateKeyPrefix`), lazily, from
   * one snapshot, in key byte order (except that keys over 1,900 bytes sharing their first 1,900 come in hash
   * order). Keys and values are fresh copies.
   */
  *scanState(prefix: Uint8Array): Generator<[key: Uint8Array, bytes: Uint8Array]> {
    const longPrefix = prefix.length > DIRECT_KEY_LIMIT;
    const start = longPrefix ? prefix.subarray(0, DIRECT_KEY_LIMIT) : prefix;
    for (const { key, value } of this.state.getRange({ start, end: prefixEnd(start) })) {
      if (key.length <= DIRECT_KEY_LIMIT) {
        if (!longPrefix) yield [key, value];
        continue;
      }
      const [fullKey, bytes] = splitLongValue(value);
      if (!longPrefix || hasPrefix(fullKey, prefix)) yield [fullKey, bytes];
    }
  }

  /**
   * Deletes every state entry under `prefix` in a transaction of its own, returning how many. A DROP should
   * rather pass the prefix in the delta (`stateDropPrefixes`) that deletes its catalog entry: a crash between
   * two commits would otherwise keep the object without its state.
   */
  dropPrefix(prefix: Uint8Array): number {
    this.awaitPending();
    const request = this.writer.send({ kind: 'drop', prefix }, (result) => {
      if (result.error === undefined) this.environment.resetReadTxn();
    });
    const result = this.writer.wait(request);
    if (result.error !== undefined) throw new Error(result.error);
    return result.dropped ?? 0;
  }

  /** Blocks until the commit handed over last is answered; its error, if any, is for its own `done` or `wait`. */
  private awaitPending(): void {
    if (this.pending !== undefined) this.writer.wait(this.pending.request);
  }

  /** Closes the store once its last commit is answered; pending reads must have finished. */
  async close(): Promise<void> {
    await this.pending?.done;
    await this.writer.close();
    await this.environment.close();
  }
}

/** A commit handed to the writer thread. */
export class PendingCommit {
  constructor(
    readonly epoch: number,
    readonly request: WriterRequest,
    private readonly writer: StoreWriter,
  ) {}

  /** Resolves when the commit is durable (to undefined) or refused (to the error). */
  get done(): Promise<Error | undefined> {
    return this.request.done.then((result) => (result.error === undefined ? undefined : new Error(result.error)));
  }

  /** Blocks until the commit is durable; throws if the store refused it. */
  wait(): void {
    const result = this.writer.wait(this.request);
    if (result.error !== undefined) throw new Error(result.error);
  }
}

/** The bytes of `pack` followed by `more` entries; `pack` is left as it is (a refused commit sends it again). */
function packed<T>(withValues: boolean, pack: StatePack | undefined, more: Iterable<T>, add: (pack: StatePack, entry: T) => void): Uint8Array {
  let extra: StatePack | undefined;
  for (const entry of more) add((extra ??= new StatePack(withValues)), entry);
  if (extra === undefined) return pack?.bytes() ?? EMPTY;
  if (pack === undefined) return extra.bytes();
  return Buffer.concat([pack.bytes(), extra.bytes()]);
}

const EMPTY = new Uint8Array(0);
