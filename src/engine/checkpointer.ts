// Checkpoints of an engine with a data directory: what changed since the last one, committed atomically.
import type { StoredObject } from '../catalog/users.js';
import type { Dialect } from '../sql/index.js';
import type { CheckpointDelta, JsonValue } from '../storage/checkpoint-delta.js';
import { CheckpointStore, type CheckpointDurability } from '../storage/checkpoint-store.js';
import { stateKey, stateKeyPrefix } from '../storage/state-key.js';
import type { StateWriter } from '../storage/state-writer.js';
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
  /** Duration of the last commit (gathering the deltas and the store's commit), ms. */
  lastMs: number;
  /** Entries written by the last commit. */
  lastEntries: number;
  /** Bytes of the state values the last commit wrote (keys not counted). */
  lastBytes: number;
  /** Part of `lastMs` spent gathering and encoding the operators' changed state, before the store's commit. */
  lastEncodeMs: number;
}

/**
 * Collects what changed since the last checkpoint — catalog statements, source positions, and (at commit) the
 * state deltas of tables and views — and commits it to the data directory's store in one transaction.
 * Positions are noted by the engine right after the epoch that consumed the records they follow, so that a
 * checkpoint's positions always match its state: after a restore, each source resumes at the first record that
 * the restored state has not seen.
 */
export class Checkpointer {
  private readonly catalogPuts = new Map<string, string>();
  /** Catalog objects already recorded: each is stored once, with the dialect of the statement that made it. */
  private readonly noted = new WeakSet<object>();
  private readonly catalogDeletes = new Set<string>();
  private readonly positions = new Map<string, JsonValue>();
  private readonly positionDeletes = new Set<string>();
  private readonly dropPrefixes: Uint8Array[] = [];
  private lastCommitAt = 0;
  readonly stats: CheckpointStats = { count: 0, lastMs: 0, lastEntries: 0, lastBytes: 0, lastEncodeMs: 0 };

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

  /**
   * Commits everything changed since the last checkpoint as the checkpoint of `epoch` (above the last one's).
   * Watermarks are taken as they are now.
   */
  commit(state: EngineState, epoch: number): void {
    const committedSources = new Map<string, JsonValue>();
    for (const [key, position] of this.positions) if (key.startsWith(SOURCE_PREFIX)) committedSources.set(key.slice(SOURCE_PREFIX.length), position);
    const started = performance.now();
    const puts: [Uint8Array, Uint8Array][] = [];
    const deletes: Uint8Array[] = [];
    let bytesPut = 0;
    const writerFor = (jobId: string, operatorId: string): StateWriter => {
      const prefix = stateKeyPrefix(jobId, operatorId);
      return {
        put: (key, bytes) => {
          bytesPut += bytes.length;
          puts.push([stateKey(prefix, key), bytes]);
        },
        delete: (key) => deletes.push(stateKey(prefix, key)),
      };
    };
    for (const [name, data] of state.tables) data.store.checkpoint(writerFor(name, TABLE_STATE_ID));
    state.runtime.checkpoint(writerFor);
    state.sinks.checkpoint(writerFor);
    for (const [relation, watermark] of state.watermarks) {
      if (watermark.value !== undefined) this.notePosition(watermarkKey(relation), String(watermark.value));
    }
    const delta: CheckpointDelta = {
      catalogPuts: this.catalogPuts,
      catalogDeletes: this.catalogDeletes,
      positions: this.positions,
      positionDeletes: this.positionDeletes,
      statePuts: puts,
      stateDeletes: deletes,
      stateDropPrefixes: this.dropPrefixes,
    };
    const encoded = performance.now();
    this.store.commit(epoch, delta);
    state.sources.committed(committedSources);
    state.sinks.committed();
    this.catalogPuts.clear();
    this.catalogDeletes.clear();
    this.positions.clear();
    this.positionDeletes.clear();
    this.dropPrefixes.length = 0;
    this.lastCommitAt = Date.now();
    this.stats.count++;
    this.stats.lastMs = performance.now() - started;
    this.stats.lastEntries = puts.length + deletes.length;
    this.stats.lastBytes = bytesPut;
    this.stats.lastEncodeMs = encoded - started;
  }
}
