// HashJoin: equi-joins of two inputs (inner, outer, semi, anti) kept incrementally, emitting from push.
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row, Value } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { JoinBucket, type StoredRow } from './join-bucket.js';
import { checkpointsNotEnabled, corruptState, expectEnd, readCount, writeCount } from './state-entry.js';

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

export interface HashJoinConfig {
  readonly joinType: JoinType;
  /** Equality keys of the ON clause: `leftKeys[i](left) = rightKeys[i](right)`. */
  readonly leftKeys: readonly ((row: Row) => Value)[];
  readonly rightKeys: readonly ((row: Row) => Value)[];
  /** Types of the key values, the same on both sides (the planner casts them to a common type). */
  readonly keyTypes: readonly DataType[];
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** The rest of the ON clause, over `[...left, ...right]`: a pair matches only when it returns exactly `true`. */
  readonly condition?: (joinedRow: Row) => Value;
}

/** What one side's rows contribute besides the joined pairs. */
interface SideRole {
  /** Emit the row padded with NULLs while it has no match (the preserved side of an outer join). */
  readonly padded: boolean;
  /** Emit the row alone while it has a match (semi) or none (anti). */
  readonly alone: 'matched' | 'unmatched' | null;
  /** Emit the joined pairs (all but semi and anti). */
  readonly pairs: boolean;
}

const ROLES: Record<JoinType, readonly [SideRole, SideRole]> = {
  inner: [
    { padded: false, alone: null, pairs: true },
    { padded: false, alone: null, pairs: true },
  ],
  left: [
    { padded: true, alone: null, pairs: true },
    { padded: false, alone: null, pairs: true },
  ],
  right: [
    { padded: false, alone: null, pairs: true },
    { padded: true, alone: null, pairs: true },
  ],
  full: [
    { padded: true, alone: null, pairs: true },
    { padded: true, alone: null, pairs: true },
  ],
  semi: [
    { padded: false, alone: 'matched', pairs: false },
    { padded: false, alone: null, pairs: false },
  ],
  anti: [
    { padded: false, alone: 'unmatched', pairs: false },
    { padded: false, alone: null, pairs: false },
  ],
};

/** Per side: its key closures, stored rows by key, and what it emits. */
interface Side {
  readonly keys: readonly ((row: Row) => Value)[];
  readonly index: Map<string, JoinBucket>;
  readonly role: SideRole;
  /** The row's output when padded: NULLs for the other side's columns. */
  readonly nulls: readonly null[];
  /** Whether this side's stored rows need their match counts (the row's own output depends on them). */
  readonly tracksMatches: boolean;
}

/**
 * Port 0 is the left input, port 1 the right one. Each side's rows are kept with their multiplicities, indexed
 * by join key. A change on one side is joined with the other side's current rows, then added to its side, so the
 * output summed over time is the join of the summed inputs. Inner and outer joins emit `[...left, ...right]`,
 * outer joins pad a preserved row with NULLs while no row of the other side matches it (equal key and `condition`
 * true), retracting the padded row when its first match arrives. Semi and anti joins emit the left row alone,
 * once per copy, while it has at least one match (semi) or none (anti). NULL keys never match, as with SQL `=`.
 *
 * Checkpoints hold one entry per stored row: the key is its side and the encoded row (which gives its join
 * key), the value its multiplicity. Match counts are not stored: a restore recounts them from the other side,
 * which gives the counts the pushes had built up.
 */
export class HashJoin implements StatefulOperator {
  private readonly sides: readonly [Side, Side];
  private readonly encodeKey: (keyValues: Row) => string;
  private readonly keyValues: Value[];
  /** Scratch row for evaluating `condition` on candidate pairs before allocating an output row. */
  private readonly joined: Value[];
  private readonly output = new BatchBuilder();
  /**
   * Per side, the stored rows changed since the last checkpoint, in the order of their first change: a row that
   * left (weight 0) comes before the entry of its representation that came back. Null while checkpoints are off.
   */
  private changed: [Set<StoredRow>, Set<StoredRow>] | null = null;
  /** False until the store holds every row: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  private writer: ValueWriter | null = null;

  constructor(private readonly config: HashJoinConfig) {
    const roles = ROLES[config.joinType];
    const makeSide = (keys: readonly ((row: Row) => Value)[], role: SideRole, otherWidth: number): Side => ({
      keys,
      index: new Map(),
      role,
      nulls: new Array<null>(otherWidth).fill(null),
      tracksMatches: role.padded || role.alone !== null,
    });
    this.sides = [
      makeSide(config.leftKeys, roles[0], config.rightWidth),
      makeSide(config.rightKeys, roles[1], config.leftWidth),
    ];
    this.encodeKey = rowKeyEncoder(config.keyTypes);
    this.keyValues = new Array<Value>(config.keyTypes.length).fill(null);
    this.joined = new Array<Value>(config.leftWidth + config.rightWidth).fill(null);
  }

  push(port: number, batch: ChangeBatch): ChangeBatch | null {
    if (port !== 0 && port !== 1) throw new Error(`join has no input port ${port}; this is a bug`);
    const side = this.sides[port];
    const other = this.sides[1 - port];
    const { rows, weights } = batch;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const key = this.joinKey(side, row);
      if (key === null) {
        // A NULL key matches nothing, now or later: the row only ever shows unmatched, and needs no state.
        this.emitOwn(port, side.role, row, weight, false);
        continue;
      }
      const bucket = other.index.get(key);
      const matches = bucket === undefined ? 0 : this.probe(port, row, weight, bucket, other);
      this.store(port, key, row, weight, matches);
      this.emitOwn(port, side.role, row, weight, matches > 0);
    }
    return this.output.take();
  }

  barrier(): ChangeBatch | null {
    return null;
  }

  /** The encoded join key of `row` on `side`, or null when a key value is NULL. */
  private joinKey(side: Side, row: Row): string | null {
    const keys = side.keys;
    const keyValues = this.keyValues;
    for (let keyIdx = 0; keyIdx < keys.length; keyIdx++) {
      const value = keys[keyIdx](row);
      if (value === null) return null;
      keyValues[keyIdx] = value;
    }
    return this.encodeKey(keyValues);
  }

  /**
   * Joins a change of `row` (arriving on `port`) with the other side's rows of the same key: emits the joined
   * pairs and the other side's rows' padding or semi/anti changes, and returns how many rows match `row`.
   */
  private probe(port: number, row: Row, weight: number, bucket: JoinBucket, other: Side): number {
    const condition = this.config.condition;
    const joined = this.joined;
    const emitPairs = other.role.pairs;
    const storedRows = bucket.rows;
    let matches = 0;
    for (let slot = 0; slot < storedRows.length; slot++) {
      const stored = storedRows[slot];
      if (condition !== undefined) {
        this.fillJoined(port, row, stored.row);
        if (condition(joined) !== true) continue;
      }
      matches += stored.weight;
      if (emitPairs) {
        const pair = condition === undefined ? this.pair(port, row, stored.row) : joined.slice();
        this.output.add(pair, weight * stored.weight);
      }
      if (other.tracksMatches) {
        const before = stored.matches;
        stored.matches = before + weight;
        if (before > 0 !== stored.matches > 0) {
          // The stored row's own output flips: it lost its last match or gained its first.
          this.emitOwn(1 - port, other.role, stored.row, -stored.weight, before > 0);
          this.emitOwn(1 - port, other.role, stored.row, stored.weight, stored.matches > 0);
        }
      }
    }
    return matches;
  }

  private store(port: number, key: string, row: Row, weight: number, matches: number): void {
    const index = this.sides[port].index;
    let bucket = index.get(key);
    if (bucket === undefined) {
      bucket = new JoinBucket();
      index.set(key, bucket);
    }
    const stored = bucket.add(row, weight, matches);
    if (bucket.rows.length === 0) index.delete(key);
    if (this.changed !== null) this.changed[port].add(stored);
  }

  enableCheckpoints(): void {
    this.changed ??= [new Set(), new Set()];
  }

  checkpoint(stateWriter: StateWriter): void {
    const changed = this.changed;
    if (changed === null) throw checkpointsNotEnabled('hash join');
    for (let port = 0; port < 2; port++) {
      if (!this.storeHoldsState) {
        for (const bucket of this.sides[port].index.values()) {
          for (const stored of bucket.rows) stateWriter.put(this.entryKey(port, stored.row), this.entryValue(stored.weight));
        }
      } else {
        // A representation that left and came back has several entries: the last one is current.
        const latest = new Map<string, readonly [key: Uint8Array, stored: StoredRow]>();
        for (const stored of changed[port]) {
          const key = this.entryKey(port, stored.row);
          latest.set(Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1'), [key, stored]);
        }
        for (const [key, stored] of latest.values()) {
          if (stored.weight === 0) stateWriter.delete(key);
          else stateWriter.put(key, this.entryValue(stored.weight));
        }
      }
      changed[port].clear();
    }
    this.storeHoldsState = true;
  }

  private entryKey(port: number, row: Row): Uint8Array {
    return (this.writer ??= new ValueWriter()).reset().writeUint(port).writeRow(row).copyBytes();
  }

  private entryValue(weight: number): Uint8Array {
    return writeCount((this.writer ??= new ValueWriter()).reset(), weight).copyBytes();
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const reader = new ValueReader();
    for (const [key, bytes] of entries) {
      const port = reader.reset(key).readUint();
      if (port !== 0 && port !== 1) throw corruptState('hash join', `a row of input ${port}`);
      const row = reader.readRow();
      expectEnd(reader, 'hash join');
      const weight = readCount(reader.reset(bytes), 'hash join');
      expectEnd(reader, 'hash join');
      const joinKey = this.joinKey(this.sides[port], row);
      if (weight === 0 || joinKey === null) throw corruptState('hash join', 'a stored row without copies or with a NULL key');
      let bucket = this.sides[port].index.get(joinKey);
      if (bucket === undefined) {
        bucket = new JoinBucket();
        this.sides[port].index.set(joinKey, bucket);
      }
      bucket.add(row, weight, 0);
    }
    for (let port = 0; port < 2; port++) {
      const side = this.sides[port];
      if (!side.tracksMatches) continue;
      const otherIndex = this.sides[1 - port].index;
      for (const [joinKey, bucket] of side.index) {
        const otherBucket = otherIndex.get(joinKey);
        if (otherBucket === undefined) continue;
        for (const stored of bucket.rows) stored.matches = this.countMatches(port, stored.row, otherBucket);
      }
    }
    this.storeHoldsState = true;
  }

  /** Sum of the weights of the rows of `bucket` (the other side's) that `row` of side `port` matches. */
  private countMatches(port: number, row: Row, bucket: JoinBucket): number {
    const condition = this.config.condition;
    let matches = 0;
    for (const other of bucket.rows) {
      if (condition !== undefined) {
        this.fillJoined(port, row, other.row);
        if (condition(this.joined) !== true) continue;
      }
      matches += other.weight;
    }
    return matches;
  }

  /** Emits what a row of a side contributes alone (padded or semi/anti), given whether it has a match. */
  private emitOwn(port: number, role: SideRole, row: Row, weight: number, matched: boolean): void {
    if (role.padded) {
      if (!matched) this.output.add(this.padded(port, row), weight);
    } else if (role.alone !== null) {
      if (matched === (role.alone === 'matched')) this.output.add(row, weight);
    }
  }

  private fillJoined(port: number, row: Row, storedRow: Row): void {
    const joined = this.joined;
    const left = port === 0 ? row : storedRow;
    const right = port === 0 ? storedRow : row;
    const leftWidth = this.config.leftWidth;
    for (let columnIdx = 0; columnIdx < leftWidth; columnIdx++) joined[columnIdx] = left[columnIdx];
    for (let columnIdx = 0; columnIdx < right.length; columnIdx++) joined[leftWidth + columnIdx] = right[columnIdx];
  }

  private pair(port: number, row: Row, storedRow: Row): Row {
    return port === 0 ? concat(row, storedRow) : concat(storedRow, row);
  }

  private padded(port: number, row: Row): Row {
    const nulls = this.sides[port].nulls;
    return port === 0 ? concat(row, nulls) : concat(nulls, row);
  }
}

function concat(left: readonly Value[], right: readonly Value[]): Row {
  const leftWidth = left.length;
  const row: Row = new Array<Value>(leftWidth + right.length);
  for (let columnIdx = 0; columnIdx < leftWidth; columnIdx++) row[columnIdx] = left[columnIdx];
  for (let columnIdx = 0; columnIdx < right.length; columnIdx++) row[leftWidth + columnIdx] = right[columnIdx];
  return row;
}
