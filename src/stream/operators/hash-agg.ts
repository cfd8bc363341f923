// HashAgg: GROUP BY with aggregates, maintained incrementally per group and emitted at barriers.
import type { AggregateState } from '../../expr/aggregate-registry.js';
import { columnReadIndex } from '../../expr/compile.js';
import { decodeRow, encodeRow, ValueWriter } from '../../storage/value-codec.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { KeyMap } from '../../types/key-map.js';
import type { Row, Value } from '../../types/value.js';
import { stepsOver, type CheckpointSteps, type StatefulOperator, type StateWriter } from '../operator-state.js';
import { compileAccumulate, compileWriteResults, type Accumulate, type WriteResults } from './agg-accumulate.js';
import { distinctArgsFactory, type DistinctArgs } from './distinct-args.js';
import { checkpointDistinct, restoreDistinct, writeStoredLog, type DistinctChunkWriter } from './distinct-log.js';
import { projectRow } from './project.js';
import { sameRow } from './row-identity.js';
import { lookupInScanOrder, ScanOrder } from './scan-order.js';
import { checkpointsNotEnabled, corruptState } from './state-entry.js';

/** One aggregate call of the SELECT list or HAVING, as the planner compiled it. */
export interface AggSpec {
  readonly createState: () => AggregateState;
  /** The aggregate's arguments, then its ORDER BY keys. */
  readonly args: readonly ((row: Row) => Value)[];
  /** Per argument, the input column it reads as is, or -1 when computed: plain columns are read in place. */
  readonly argColumns?: readonly number[];
  /** FILTER (WHERE ...): the row is aggregated only when this returns exactly `true`. */
  readonly filter?: (row: Row) => Value;
  readonly distinct: boolean;
  /** Types of `args`, to deduplicate their tuples for DISTINCT. */
  readonly distinctTypes: readonly DataType[];
  /**
   * The scale (an integer >= 0) to which `output` reads the result, and only so: the row then holds
   * round(result, roundTo), from the state's `roundedResult`, which the state must have.
   */
  readonly roundTo?: number;
}

export interface HashAggConfig {
  readonly groupKeyTypes: readonly DataType[];
  readonly groupKeys: readonly ((row: Row) => Value)[];
  /** Per group key, the input column it reads as is, or -1 when computed: plain columns are read in place. */
  readonly groupKeyColumns?: readonly number[];
  readonly aggs: readonly AggSpec[];
  /** No GROUP BY: exactly one output row, also over an empty input. */
  readonly global: boolean;
  /** Pairs per sealed chunk of a DISTINCT aggregate's stored log (default DISTINCT_CHUNK_PAIRS; tests use few). */
  readonly distinctChunkPairs?: number;
  /**
   * The SELECT list over the aggregate's row `[...group key values, ...aggregate results]`, when a projection reads
   * this aggregate alone: each group then emits, and later retracts, the projected row itself. The projection is
   * computed once per change of a group, and nothing has to remember which projected row was made of which.
   */
  readonly output?: readonly ((row: Row) => Value)[];
}

interface Group {
  /** The group key values printed for the group: those of the row that created it. */
  readonly keyValues: readonly Value[];
  readonly states: AggregateState[];
  /** Per aggregate, the counts of its distinct argument tuples (undefined for non-DISTINCT aggregates). */
  readonly distinctArgs: readonly (DistinctArgs | undefined)[];
  /** Sum of the weights of the group's rows: the group exists while it is positive. */
  rowCount: number;
  /** The row emitted for the group (projected by `output`, if any) and not yet retracted. */
  emitted: Row | null;
  /** Its emitted row's place in `scanOrder` (-1: none). */
  seq: number;
  touched: boolean;
  /** Taken by a checkpoint begun and not yet written by its steps: written before anything changes it. */
  unsaved: boolean;
}

/** A checkpoint begun whose steps have groups left to write: the steps, and where they write. */
interface Saving {
  readonly steps: CheckpointSteps;
  readonly writer: StateWriter;
}

/** Groups a checkpoint step writes between two looks at the clock. */
const STEP_GROUPS = 32;

/**
 * A group's stored value is one encoded row: its row count, its emitted row without the leading columns that are
 * the group key values in order (those are the entry's key; NULL when no row is emitted), then per aggregate the
 * state's saved values and the DISTINCT argument counts' log as `checkpointDistinct` returns it (NULL for a plain
 * aggregate). This many fields precede the aggregates. The log's sealed chunks are entries of their own, keyed by
 * the group key values followed by the aggregate's index and the chunk's number: a row two values wider than a
 * group key.
 */
const SAVED_GROUP_HEADER = 2;

/**
 * Groups rows by `groupKeys` (NULLs group together, 2.0 with 2.00) and emits `[...groupKeyValues, ...aggResults]`
 * per group. Changes update the groups' aggregate states as they arrive; at the barrier, each group touched in
 * the epoch retracts its previous row and emits its new one, or nothing when the row did not change. A group whose
 * rows are all deleted is retracted and freed. A global aggregate always has one row, first emitted at the first
 * barrier (`count(*)` = 0, `sum` = NULL over no rows).
 *
 * Checkpoints hold one entry per group: the key is the encoded group key values (as first seen, so the bytes
 * of a group stay the same), the value its row count, emitted row and aggregate states; and, for DISTINCT
 * aggregates, the sealed chunks of their logs (distinct-log.ts).
 */
export class HashAgg implements StatefulOperator {
  private readonly groups: KeyMap<Group>;
  /** The positions 0..k-1 `groups` reads its keys at: the group key values, or an emitted row's leading ones. */
  private readonly groupKeyPositions: readonly number[];
  /**
   * The groups touched in the epoch, in `touched[0, touchedCount)`: the array is kept from epoch to epoch, so
   * that it is grown once to an epoch's size instead of again in every epoch.
   */
  private readonly touched: (Group | undefined)[] = [];
  private touchedCount = 0;
  /** Scratch array reused for every row: the group key values. */
  private readonly keyValues: Value[];
  private readonly keyColumns: readonly number[];
  private readonly accumulate: Accumulate;
  private readonly writeResults: WriteResults;
  /** Per `output` expression, the column of the aggregate's row it passes as is, or -1 when it computes a value. */
  private readonly outputColumns: readonly number[] | undefined;
  /** The aggregate's row of a group, rebuilt in place for `output` to read (which keeps nothing of it). */
  private readonly aggregateRow: Value[];
  /** Leading columns of an emitted row that are the group key values in order: checkpoints leave them out. */
  private readonly keyPrefix: number;
  private readonly newDistinctArgs: (((logged: boolean) => DistinctArgs) | undefined)[];
  /** The `distinctArgs` of every group when no aggregate is DISTINCT: one shared array, always in cache. */
  private readonly noDistinctArgs: readonly undefined[] | undefined;
  private firstBarrier = true;
  /**
   * Groups changed since the last checkpoint, in the order they changed (a group deleted before a new one of
   * the same key is created comes first); undefined while checkpoints are off, so that epochs pay nothing.
   */
  private changed: Set<Group> | undefined;
  /** True once the store holds every group (after a checkpoint or a restore): then only changes are written. */
  private stored = false;
  /** The checkpoint begun whose steps have groups left to write. */
  private saving: Saving | undefined;
  /** The groups with an emitted row in the order a view's scan gives them, once `keepScanOrder` is called. */
  private scanOrder: ScanOrder<Group> | undefined;
  /** Encode the groups' stored values and keys (not `encodeRow`'s writer, which a DISTINCT log's chunks use meanwhile). */
  private readonly entryWriter = new ValueWriter();
  private readonly keyWriter = new ValueWriter();

  constructor(private readonly config: HashAggConfig) {
    this.groupKeyPositions = allColumns(config.groupKeyTypes);
    this.groups = new KeyMap<Group>(config.groupKeyTypes, this.groupKeyPositions);
    this.keyValues = new Array<Value>(config.groupKeys.length).fill(null);
    this.keyColumns = config.groupKeyColumns ?? config.groupKeys.map(() => -1);
    this.accumulate = compileAccumulate(config.aggs);
    this.writeResults = compileWriteResults(config.aggs);
    this.newDistinctArgs = config.aggs.map((agg) => (agg.distinct ? distinctArgsFactory(agg.distinctTypes) : undefined));
    this.noDistinctArgs = config.aggs.some((agg) => agg.distinct) ? undefined : Object.freeze(config.aggs.map(() => undefined));
    const keyWidth = config.groupKeys.length;
    this.aggregateRow = new Array<Value>(keyWidth + config.aggs.length).fill(null);
    this.outputColumns = config.output?.map(columnReadIndex);
    const columns = this.outputColumns;
    let keyPrefix = columns === undefined ? keyWidth : 0;
    while (columns !== undefined && keyPrefix < keyWidth && columns[keyPrefix] === keyPrefix) keyPrefix++;
    this.keyPrefix = keyPrefix;
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    const groupKeys = this.config.groupKeys;
    const keyColumns = this.keyColumns;
    const keyValues = this.keyValues;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      for (let keyIdx = 0; keyIdx < groupKeys.length; keyIdx++) {
        const column = keyColumns[keyIdx];
        keyValues[keyIdx] = column >= 0 ? (row[column] ?? null) : groupKeys[keyIdx](row);
      }
      let group = this.groups.get(keyValues);
      if (group === undefined) {
        group = this.createGroup(keyValues.slice());
        this.groups.set(keyValues, group);
      }
      if (!group.touched) {
        // A checkpoint in flight writes the group as it was before this epoch.
        if (group.unsaved) this.save(group, this.saving!.writer);
        group.touched = true;
        this.touched[this.touchedCount++] = group;
      }
      group.rowCount += weight;
      this.accumulate(group, row, weight);
    }
    return null;
  }

  private createGroup(keyValues: readonly Value[]): Group {
    const aggs = this.config.aggs;
    return {
      keyValues,
      states: aggs.map((agg) => agg.createState()),
      distinctArgs: this.noDistinctArgs ?? this.newDistinctArgs.map((create) => create?.(this.changed !== undefined)),
      rowCount: 0,
      emitted: null,
      seq: -1,
      touched: false,
      unsaved: false,
    };
  }

  barrier(): ChangeBatch | null {
    if (this.firstBarrier) {
      this.firstBarrier = false;
      if (this.config.global) this.touchGlobalGroup();
    }
    const touched = this.touched;
    const touchedCount = this.touchedCount;
    if (touchedCount === 0) return null;
    this.touchedCount = 0;
    // At most a retraction and an insertion per group: the arrays are sized once and trimmed, not grown by
    // pushes (which copy them again and again when an epoch touches many groups).
    const rows = new Array<Row>(2 * touchedCount);
    const weights = new Array<number>(2 * touchedCount);
    let changes = 0;
    const changed = this.changed;
    const scanOrder = this.scanOrder;
    for (let groupIdx = 0; groupIdx < touchedCount; groupIdx++) {
      const group = touched[groupIdx]!;
      // The slot lets go of the group: one deleted below is not kept alive until a later epoch reuses it.
      touched[groupIdx] = undefined;
      group.touched = false;
      if (changed !== undefined) changed.add(group);
      const present = group.rowCount > 0 || this.config.global;
      const row = present ? this.outputRow(group) : null;
      const emitted = group.emitted;
      if (emitted !== null && row !== null && sameRow(emitted, row)) continue;
      if (emitted !== null) {
        rows[changes] = emitted;
        weights[changes++] = -1;
      }
      if (row !== null) {
        rows[changes] = row;
        weights[changes++] = 1;
      }
      group.emitted = row;
      // An update leaves its place and takes the last, as a view's own rows would (ScanOrder).
      if (scanOrder !== undefined) {
        if (emitted !== null) scanOrder.leave(group);
        if (row !== null) scanOrder.join(group);
      }
      if (group.rowCount === 0 && !this.config.global) this.drop(group);
    }
    if (changes === 0) return null;
    rows.length = changes;
    weights.length = changes;
    return { rows, weights };
  }

  /** Forgets a group, giving back the values its DISTINCT counts share with other groups. */
  private drop(group: Group): void {
    this.groups.delete(group.keyValues);
    if (group.distinctArgs !== this.noDistinctArgs) for (const distinctArgs of group.distinctArgs) distinctArgs?.release();
  }

  /** Makes sure the global group exists and is emitted at the first barrier even when no row arrived. */
  private touchGlobalGroup(): void {
    let group = this.groups.get(this.keyValues);
    if (group === undefined) {
      group = this.createGroup([]);
      this.groups.set(this.keyValues, group);
    }
    if (!group.touched) {
      group.touched = true;
      this.touched[this.touchedCount++] = group;
    }
  }

  private outputRow(group: Group): Row {
    const keyValues = group.keyValues;
    const states = group.states;
    const keyWidth = keyValues.length;
    const output = this.config.output;
    const row: Row = output === undefined ? new Array<Value>(keyWidth + states.length) : this.aggregateRow;
    for (let keyIdx = 0; keyIdx < keyWidth; keyIdx++) row[keyIdx] = keyValues[keyIdx];
    this.writeResults(group, row, keyWidth);
    return output === undefined ? row : projectRow(row, output, this.outputColumns!);
  }

  /**
   * Forgets the groups for which `closed(keyValues)` holds, without emitting anything: their rows were emitted
   * for good (EMIT ON WINDOW CLOSE) and no change can reach them any more. Returns how many were dropped.
   */
  evict(closed: (keyValues: readonly Value[]) => boolean): number {
    let dropped = 0;
    for (const group of this.groups.values()) {
      if (group.touched || !closed(group.keyValues)) continue;
      // A checkpoint in flight writes the group as it was: before its DISTINCT counts are given back.
      if (group.unsaved) this.save(group, this.saving!.writer);
      this.drop(group);
      if (group.seq >= 0) this.scanOrder?.leave(group);
      this.changed?.add(group);
      dropped++;
    }
    return dropped;
  }

  emittedRows(): Row[] {
    const rows: Row[] = [];
    if (this.scanOrder !== undefined) this.scanOrder.forEach((group) => rows.push(group.emitted!));
    else for (const group of this.groups.values()) if (group.emitted !== null) rows.push(group.emitted);
    return rows;
  }

  /**
   * From now on, `emittedRows` gives the rows in the order a view's own state would scan them: a group whose row
   * changes moves to the end. The groups emitted so far take their places in the order the groups are held.
   */
  keepScanOrder(): void {
    if (this.scanOrder !== undefined) return;
    const scanOrder = (this.scanOrder = new ScanOrder<Group>());
    for (const group of this.groups.values()) if (group.emitted !== null) scanOrder.join(group);
  }

  /**
   * The emitted rows whose leading columns, the group key values, equal `probe`'s in `columns` (other positions
   * ignored), in scan order; undefined, and the caller scans, when the rows do not begin with the group key or
   * `columns` misses its first column.
   */
  lookupEmitted(columns: ReadonlySet<number>, probe: readonly Value[]): Row[] | undefined {
    const keyColumns = this.groupKeyPositions;
    const groups = this.keyPrefix < keyColumns.length ? undefined : lookupInScanOrder(this.groups, keyColumns, columns, probe);
    if (groups === undefined) return undefined;
    const rows: Row[] = [];
    for (const group of groups) if (group.emitted !== null) rows.push(group.emitted);
    return rows;
  }

  /** Number of groups held. */
  get groupCount(): number {
    return this.groups.size;
  }

  enableCheckpoints(): void {
    this.changed ??= new Set();
  }

  /** Puts each group changed since the last checkpoint (every group the first time), deletes each one gone. */
  checkpoint(writer: StateWriter): void {
    this.beginCheckpoint(writer).run(Infinity);
  }

  /**
   * Deletes the groups gone since the last checkpoint and returns the steps that put the changed ones (every
   * group the first time). Until a step has put a group, the group is marked `unsaved`, and the first change
   * to reach it in a later epoch puts it first.
   */
  beginCheckpoint(writer: StateWriter): CheckpointSteps {
    const changed = this.changed;
    if (changed === undefined) throw checkpointsNotEnabled('aggregation');
    this.saving?.steps.run(Infinity);
    const groups: Group[] = [];
    if (!this.stored) {
      for (const group of this.groups.values()) groups.push(group);
      this.stored = true;
    } else {
      const deleted = new Set<string>();
      for (const group of changed) {
        const live = this.groups.get(group.keyValues);
        if (live === group) {
          groups.push(group);
          continue;
        }
        // A group of the same key put in this checkpoint writes its own chunks after these deletes.
        this.deleteChunks(group, writer);
        // Deleted at a barrier or evicted. Groups of one key may have come and gone since the last checkpoint:
        // delete the key once, and not at all when a group of the same key bytes is put in its place.
        const key = encodeRow(group.keyValues);
        const id = keyId(key);
        if (deleted.has(id) || (live !== undefined && keyId(encodeRow(live.keyValues)) === id)) continue;
        deleted.add(id);
        writer.delete(key);
      }
    }
    changed.clear();
    for (const group of groups) group.unsaved = true;
    const saving: Saving = {
      writer,
      steps: stepsOver(
        groups.length,
        STEP_GROUPS,
        (groupIdx) => {
          const group = groups[groupIdx]!;
          if (group.unsaved) this.save(group, writer);
        },
        () => {
          if (this.saving === saving) this.saving = undefined;
        },
      ),
    };
    this.saving = saving;
    return saving.steps;
  }

  private save(group: Group, writer: StateWriter): void {
    group.unsaved = false;
    // Both in the operator's own encoders, handed over in place: `put` copies them (a DISTINCT log's chunks,
    // put while the value is encoded, use other encoders).
    const bytes = this.encodeGroup(group, writer);
    writer.put(this.keyWriter.reset().writeRow(group.keyValues).viewBytes(), bytes);
  }

  /**
   * Rebuilds the groups of a checkpoint. A restored global group means its first barrier has passed (a
   * checkpoint follows a barrier), so its row is not emitted again.
   */
  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const keyWidth = this.config.groupKeys.length;
    const hasDistinct = this.noDistinctArgs === undefined;
    // Chunk entries may come before or after their group's entry: both are gathered, then the logs replayed.
    const chunks = new Map<string, readonly Value[]>();
    const restored: [group: Group, saved: readonly Value[], keyId: string][] = [];
    for (const [key, bytes] of entries) {
      const keyValues = decodeRow(key);
      if (hasDistinct && keyValues.length === keyWidth + 2) {
        const [aggIdx, chunk] = keyValues.slice(keyWidth);
        chunks.set(chunkId(keyId(encodeRow(keyValues.slice(0, keyWidth))), aggIdx!, chunk!), decodeRow(bytes));
        continue;
      }
      if (keyValues.length !== keyWidth) throw corruptState('aggregation', 'a group key of another width');
      const group = this.createGroup(keyValues);
      const saved = decodeRow(bytes);
      this.decodeGroup(group, saved);
      if (hasDistinct) restored.push([group, saved, keyId(key)]);
      this.groups.set(keyValues, group);
      this.firstBarrier = false;
    }
    for (const [group, saved, groupId] of restored) {
      group.distinctArgs.forEach((distinctArgs, aggIdx) => {
        if (distinctArgs === undefined) return;
        restoreDistinct(distinctArgs, saved[SAVED_GROUP_HEADER + 2 * aggIdx + 1]!, (chunk) => {
          const id = chunkId(groupId, aggIdx, chunk);
          const pairs = chunks.get(id);
          chunks.delete(id);
          return pairs;
        });
      });
    }
    if (chunks.size > 0) throw corruptState('aggregation', 'DISTINCT chunks of no group');
    this.stored = true;
  }

  /**
   * The group's stored value, written straight into the operator's encoder as `encodeRow` of its fields would be:
   * valid until the next call.
   */
  private encodeGroup(group: Group, writer: StateWriter): Uint8Array {
    const states = group.states;
    const out = this.entryWriter.reset();
    out.writeUint(SAVED_GROUP_HEADER + 2 * states.length).writeValue(group.rowCount);
    if (group.emitted === null) out.writeValue(null);
    else out.writeArrayFrom(group.emitted, this.keyPrefix);
    for (let aggIdx = 0; aggIdx < states.length; aggIdx++) {
      out.writeValue(states[aggIdx].save());
      const distinctArgs = group.distinctArgs[aggIdx];
      if (distinctArgs === undefined) out.writeValue(null);
      else writeStoredLog(out, checkpointDistinct(distinctArgs, chunkWriter(group.keyValues, aggIdx, writer), this.config.distinctChunkPairs));
    }
    return out.viewBytes();
  }

  /** Deletes the stored chunks of a group's DISTINCT logs. */
  private deleteChunks(group: Group, writer: StateWriter): void {
    group.distinctArgs.forEach((distinctArgs, aggIdx) => {
      if (distinctArgs === undefined) return;
      const chunks = chunkWriter(group.keyValues, aggIdx, writer);
      const stored = distinctArgs.log?.sealedChunks ?? 0;
      for (let chunk = 0; chunk < stored; chunk++) chunks.delete(chunk);
    });
  }

  private decodeGroup(group: Group, saved: readonly Value[]): void {
    const states = group.states;
    const [rowCount, emittedTail] = saved;
    if (
      saved.length !== SAVED_GROUP_HEADER + 2 * states.length ||
      typeof rowCount !== 'number' ||
      (emittedTail !== null && !Array.isArray(emittedTail))
    ) {
      throw corruptState('aggregation', 'a malformed group');
    }
    group.rowCount = rowCount;
    group.emitted = emittedTail === null ? null : [...group.keyValues.slice(0, this.keyPrefix), ...(emittedTail as readonly Value[])];
    for (let aggIdx = 0; aggIdx < states.length; aggIdx++) {
      const savedState = saved[SAVED_GROUP_HEADER + 2 * aggIdx];
      const savedDistinct = saved[SAVED_GROUP_HEADER + 2 * aggIdx + 1];
      // A DISTINCT aggregate's log is replayed once every entry is read (see restore).
      if (!Array.isArray(savedState) || (group.distinctArgs[aggIdx] === undefined ? savedDistinct !== null : !Array.isArray(savedDistinct))) {
        throw corruptState('aggregation', 'a malformed aggregate state');
      }
      states[aggIdx].load(savedState as readonly Value[]);
    }
  }
}

const allColumns = (types: readonly DataType[]): number[] => types.map((_, columnIdx) => columnIdx);

/** Key bytes as a string, to tell keys apart within one checkpoint. */
const keyId = (key: Uint8Array): string => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');

/** Tells a restored chunk apart: its group's key id, then its aggregate and number (always the last two parts). */
const chunkId = (groupId: string, aggIdx: Value, chunk: Value): string => `${groupId}/${String(aggIdx)}/${String(chunk)}`;

/** The chunk entries of one group's DISTINCT aggregate: keyed by the group key values, the aggregate and the chunk. */
function chunkWriter(keyValues: readonly Value[], aggIdx: number, writer: StateWriter): DistinctChunkWriter {
  const key = (chunk: number): Uint8Array => encodeRow([...keyValues, aggIdx, chunk]);
  return {
    put: (chunk, row) => writer.put(key(chunk), row),
    delete: (chunk) => writer.delete(key(chunk)),
  };
}
