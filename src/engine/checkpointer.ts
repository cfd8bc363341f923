// Checkpoints of an engine with a data directory: what changed since the last one, committed atomically.
import type { StoredObject } from '../catalog/users.js';
import type { Dialect } from '../sql/index.js';
import type { CheckpointDelta, JsonValue } from '../storage/checkpoint-delta.js';
import { CheckpointStore, type CheckpointDurability, type PendingCommit } from '../storage/checkpoint-store.js';
import { stateKeyPrefix } from '../storage/state-key.js';
import { StatePack } from '../storage/state-pack.js';
import type { StateWriter } from '../storage/state-writer.js';
import type { CheckpointSteps } from '../stream/operator-state.js';
import type { EngineState } from './engine-state.js';

/** The state id of a table's rows (its job id is the table name). */
export const TABLE_STATE_ID = 'rows';

/** Names of the `positions` entries: a source's read position, a relation's watermark. */
const SOURCE_PREFIX = 'source/';
export const sourcePositionKey = (name: string): string => `${SOURCE_PREFIX}${name}`;
export const watermarkKey = (name: string): string => `watermark/${name}`;

/** How a catalog statement is stored: its text and the dialect to parse it in. */
export interface StoredDefinition {
  readonly sql: string;
  readonly dialect: Dialect;
}

export interface CheckpointStats {
  /** Checkpoints committed since the engine opened. */
  count: number;
  /**
   * Main-thread time of the last checkpoint, ms: gathering and encoding its state changes (in steps, when it ran
   * in steps), handing them to the store, and waiting for the store when a statement needed it durable at once.
   * Its span from begin to commit, with other work between steps, is longer.
   */
  lastMs: number;
  /** From handing the last checkpoint to the store to its being durable (the writer thread's commit and flush), ms. */
  lastStoreMs: number;
  /** Entries written by the last commit. */
  lastEntries: number;
  /** Bytes of the state values the last commit wrote (keys not counted). */
  lastBytes: number;
  /** Part of `lastMs` spent gathering and encoding the operators' changed state, before the store's commit. */
  lastEncodeMs: number;
  /**
   * The longest time the last checkpoint held the event loop at once (its begin, one run of its steps, handing it
   * to the store, or a statement's wait for the store), ms.
   */
  lastLongestStepMs: number;
}

/** A checkpoint begun and not yet committed: its delta, gathered so far, and the steps that write the rest. */
interface InFlight {
  readonly epoch: number;
  readonly delta: CheckpointDelta;
  readonly pack: { readonly deletes: StatePack; readonly puts: StatePack };
  readonly committedSources: Map<string, JsonValue>;
  readonly steps: CheckpointSteps[];
  stepIdx: number;
  bytes: number;
  encodeMs: number;
  longestStepMs: number;
  /** The store's commit of it, once handed over (`commitInBackground`) and until answered. */
  commit: PendingCommit | undefined;
  /** When it was handed to the store (performance.now()), and how long it took. */
  handedAt: number;
  handOverMs: number;
  /** Time the event loop blocked waiting for the store's commit (a statement that needed it durable). */
  waitedMs: number;
  /** When the store last refused it (Date.now()), if it did: it is handed over again an interval later. */
  refusedAt: number | undefined;
}

/**
 * Collects what changed since the last checkpoint — catalog statements, source positions, and (at commit) the
 * state deltas of tables and views — and commits it to the data directory's store in one transaction.
 * Positions are noted by the engine right after the epoch that consumed the records they follow, so that a
 * checkpoint's positions always match its state: after a restore, each source resumes at the first record that
 * the restored state has not seen.
 */
export class Checkpointer {
  private catalogPuts = new Map<string, string>();
  /** Catalog objects already recorded: each is stored once, with the dialect of the statement that made it. */
  private readonly noted = new WeakSet<object>();
  private catalogDeletes = new Set<string>();
  private positions = new Map<string, JsonValue>();
  private positionDeletes = new Set<string>();
  private dropPrefixes: Uint8Array[] = [];
  private lastCommitAt = 0;
  private inFlight: InFlight | undefined;
  readonly stats: CheckpointStats = { count: 0, lastMs: 0, lastStoreMs: 0, lastEntries: 0, lastBytes: 0, lastEncodeMs: 0, lastLongestStepMs: 0 };

  private constructor(
    readonly store: CheckpointStore,
    private readonly intervalMs: number,
  ) {}

  static open(dataDir: string, options: { durability?: CheckpointDurability; intervalMs: number }): Checkpointer {
    return new Checkpointer(CheckpointStore.open(dataDir, { durability: options.durability }), options.intervalMs);
  }

  /**
   * Records the catalog's change across one statement: created or replaced objects, and removed ones. Objects
   * (relations, sinks, users, grants) are compared by identity: a changed one is a new object.
   */
  noteCatalog(before: readonly StoredObject[], after: readonly StoredObject[], dialect: Dialect): void {
    const previous = new Map(before.map((e) => [e.name, e]));
    const current = new Set(after.map((e) => e.name));
    for (const entry of after) {
      // An object created by a statement nested in this one (the dead-letter table) was noted with its own dialect.
      if (previous.get(entry.name) === entry || this.noted.has(entry)) continue;
      this.noted.add(entry);
      const definition: StoredDefinition = { sql: entry.definition, dialect };
      // A name dropped and created again stays deleted too: the store then moves it after the objects it may
      // now depend on, where a replaced statement (OR REPLACE) keeps its place.
      this.catalogPuts.set(entry.name, JSON.stringify(definition));
    }
    for (const entry of before) {
      if (current.has(entry.name)) continue;
      this.catalogPuts.delete(entry.name);
      this.catalogDeletes.add(entry.name);
      this.dropPrefixes.push(stateKeyPrefix(entry.name));
      for (const key of [sourcePositionKey(entry.name), watermarkKey(entry.name)]) {
        this.positions.delete(key);
        this.positionDeletes.add(key);
      }
    }
  }

  notePosition(key: string, position: JsonValue): void {
    this.positionDeletes.delete(key);
    this.positions.set(key, position);
  }

  /** True when the checkpoint interval has passed since the last commit. */
  due(now: number): boolean {
    return now - this.lastCommitAt >= this.intervalMs;
  }

  /** True when the store refused the checkpoint in flight an interval or more ago: time to hand it over again. */
  retryDue(now: number): boolean {
    const refusedAt = this.inFlight?.commit === undefined ? this.inFlight?.refusedAt : undefined;
    return refusedAt !== undefined && now - refusedAt >= this.intervalMs;
  }

  /** The epoch of the checkpoint begun and not yet committed, if any. */
  get inFlightEpoch(): number | undefined {
    return this.inFlight?.epoch;
  }

  /**
   * Commits everything changed since the last checkpoint as the checkpoint of `epoch` (above the last one's), at
   * once: a checkpoint still in flight commits first. Watermarks are taken as they are now.
   */
  commit(state: EngineState, epoch: number): void {
    this.complete(state);
    this.begin(state, epoch);
    this.complete(state);
  }

  /** Writes and commits the checkpoint in flight, if any, at once (waiting for the store, if it has it already). */
  complete(state: EngineState): void {
    const flight = this.inFlight;
    if (flight === undefined) return;
    if (flight.commit === undefined) this.step(Infinity);
    this.finish(state);
  }

  /**
   * Begins the checkpoint of `epoch` (above the last one's): takes the catalog, positions and watermarks noted so
   * far and every table's, view's and sink's state changes since the last checkpoint. Operators with much state
   * write theirs in `step`s, as of this moment, while epochs go on; what they note from now on belongs to the
   * next checkpoint. Only one checkpoint is in flight at a time.
   */
  begin(state: EngineState, epoch: number): void {
    if (this.inFlight !== undefined) throw new Error(`checkpoint of epoch ${epoch} begun while that of epoch ${this.inFlight.epoch} is in flight (this is a bug)`);
    const started = performance.now();
    for (const [relation, watermark] of state.watermarks) {
      if (watermark.value !== undefined) this.notePosition(watermarkKey(relation), String(watermark.value));
    }
    const committedSources = new Map<string, JsonValue>();
    for (const [key, position] of this.positions) if (key.startsWith(SOURCE_PREFIX)) committedSources.set(key.slice(SOURCE_PREFIX.length), position);
    const pack = { deletes: new StatePack(false), puts: new StatePack(true) };
    const flight: InFlight = {
      epoch,
      delta: {
        catalogPuts: this.catalogPuts,
        catalogDeletes: this.catalogDeletes,
        positions: this.positions,
        positionDeletes: this.positionDeletes,
        statePack: pack,
        stateDropPrefixes: this.dropPrefixes,
      },
      pack,
      committedSources,
      steps: [],
      stepIdx: 0,
      bytes: 0,
      encodeMs: 0,
      longestStepMs: 0,
      commit: undefined,
      handedAt: 0,
      handOverMs: 0,
      waitedMs: 0,
      refusedAt: undefined,
    };
    this.catalogPuts = new Map();
    this.catalogDeletes = new Set();
    this.positions = new Map();
    this.positionDeletes = new Set();
    this.dropPrefixes = [];
    const writerFor = (jobId: string, operatorId: string): StateWriter => {
      const prefix = stateKeyPrefix(jobId, operatorId);
      return {
        put: (key, bytes) => {
          flight.bytes += bytes.length;
          pack.puts.add(prefix, key, bytes);
        },
        delete: (key) => pack.deletes.add(prefix, key),
      };
    };
    for (const [name, data] of state.tables) data.store.checkpoint(writerFor(name, TABLE_STATE_ID));
    flight.steps.push(...state.runtime.beginCheckpoint(writerFor));
    state.sinks.checkpoint(writerFor);
    this.inFlight = flight;
    flight.encodeMs = performance.now() - started;
    flight.longestStepMs = flight.encodeMs;
  }

  /**
   * Writes the state of the checkpoint in flight until `deadline` (a `performance.now()` time) has passed;
   * returns true once all of it is written (then `finish` commits it), or when none is in flight.
   */
  step(deadline: number): boolean {
    const flight = this.inFlight;
    if (flight === undefined) return true;
    const started = performance.now();
    while (flight.stepIdx < flight.steps.length && flight.steps[flight.stepIdx]!.run(deadline)) flight.stepIdx++;
    const took = performance.now() - started;
    flight.encodeMs += took;
    flight.longestStepMs = Math.max(flight.longestStepMs, took);
    return flight.stepIdx === flight.steps.length;
  }

  /** Commits the checkpoint in flight, all of whose steps have run, to the store: then sources and sinks hear of it. */
  finish(state: EngineState): void {
    const flight = this.handOver();
    if (flight === undefined) return;
    const started = performance.now();
    try {
      flight.commit!.wait();
    } catch (err) {
      // The checkpoint stays in flight: the next commit tries the same delta again.
      flight.commit = undefined;
      throw err;
    } finally {
      flight.waitedMs = performance.now() - started;
    }
    this.committed(state, flight);
  }

  /**
   * Hands the checkpoint in flight, all of whose steps have run, to the store, whose writer thread commits and
   * flushes it while the event loop goes on. Resolves to true once it is durable and sources and sinks have
   * heard of it, to false if a statement completed it in between (`complete`); rejects, with the checkpoint
   * still in flight, if the store refused it. No other checkpoint begins before.
   */
  async commitInBackground(state: EngineState): Promise<boolean> {
    const flight = this.handOver();
    if (flight === undefined) return false;
    const commit = flight.commit!;
    const error = await commit.done;
    if (this.inFlight !== flight || flight.commit !== commit) return false;
    if (error !== undefined) {
      flight.commit = undefined;
      flight.refusedAt = Date.now();
      throw error;
    }
    this.committed(state, flight);
    return true;
  }

  private handOver(): InFlight | undefined {
    const flight = this.inFlight;
    if (flight === undefined) return undefined;
    if (flight.stepIdx !== flight.steps.length) throw new Error(`checkpoint of epoch ${flight.epoch} committed before its steps ran (this is a bug)`);
    if (flight.commit !== undefined) return flight;
    const started = performance.now();
    flight.commit = this.store.beginCommit(flight.epoch, flight.delta);
    flight.handedAt = performance.now();
    flight.handOverMs = flight.handedAt - started;
    return flight;
  }

  private committed(state: EngineState, flight: InFlight): void {
    this.inFlight = undefined;
    state.sources.committed(flight.committedSources);
    state.sinks.committed();
    this.lastCommitAt = Date.now();
    this.stats.count++;
    this.stats.lastMs = flight.encodeMs + flight.handOverMs + flight.waitedMs;
    this.stats.lastStoreMs = performance.now() - flight.handedAt;
    this.stats.lastEntries = flight.pack.puts.size + flight.pack.deletes.size;
    this.stats.lastBytes = flight.bytes;
    this.stats.lastEncodeMs = flight.encodeMs;
    this.stats.lastLongestStepMs = Math.max(flight.longestStepMs, flight.handOverMs, flight.waitedMs);
  }
}
