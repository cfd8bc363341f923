// OrderedRows: the input rows of an order-sensitive aggregate (string_agg, array_agg, first_value) in output order.
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import type { AggregateOrderKey } from './aggregate.js';
import type { SavedFields, SavedPart } from './saved-state.js';
import { SortedList } from './sorted-list.js';
import { tupleComparator } from './sort-order.js';
import { tupleRepresentationKey } from './value-representation.js';

/** One run of identical input rows. */
export interface RowEntry {
  /** The aggregate's own arguments, copied. */
  readonly values: readonly Value[];
  /** The ORDER BY key values, copied. */
  readonly keys: readonly Value[];
  /** Insertion order: the tie-breaker among rows with equal keys in 'insertion' mode. */
  readonly sequence: number;
  /** Copies held; negative while a retraction waits for its insertion within a batch. */
  count: number;
}

/**
 * How rows with equal ORDER BY keys are ordered. 'insertion': by arrival, as PostgreSQL's scan order with a
 * stable sort (string_agg and array_agg without ORDER BY list rows in scan order). 'values': by the arguments'
 * own values, so that the order depends only on the multiset (first_value and last_value).
 */
export type TieOrder = 'insertion' | 'values';

/** What the rows of one aggregate call have in common: prepared once per call site, shared by its groups. */
export interface RowLayout {
  readonly valueCount: number;
  readonly tieOrder: TieOrder;
  readonly compare: (a: RowEntry, b: RowEntry) => number;
  /** A key identifying a row (arguments then ORDER BY keys) by exact representation. */
  readonly identify: (row: readonly Value[]) => string;
}

/**
 * Prepares the comparisons for rows whose arguments have `valueTypes` and whose ORDER BY keys (following the
 * arguments in each applied row) are `orderBy`.
 */
export function rowLayout(
  valueTypes: readonly DataType[],
  orderBy: readonly AggregateOrderKey[],
  tieOrder: TieOrder,
): RowLayout {
  const compareKeys = orderBy.length === 0 ? () => 0 : tupleComparator(orderBy);
  const compare =
    tieOrder === 'insertion'
      ? (a: RowEntry, b: RowEntry) => compareKeys(a.keys, b.keys) || a.sequence - b.sequence
      : valueTieComparator(valueTypes, compareKeys);
  const identify = tupleRepresentationKey([...valueTypes, ...orderBy.map((key) => key.type)]);
  return { valueCount: valueTypes.length, tieOrder, compare, identify };
}

/** Orders rows by keys, then by their arguments' values, then by representation (2.0 before 2.00 or after). */
function valueTieComparator(
  valueTypes: readonly DataType[],
  compareKeys: (a: readonly Value[], b: readonly Value[]) => number,
): (a: RowEntry, b: RowEntry) => number {
  const compareValues = tupleComparator(valueTypes.map((type) => ({ type, descending: false, nullsFirst: false })));
  const identifyValues = tupleRepresentationKey(valueTypes);
  return (a, b) => {
    const order = compareKeys(a.keys, b.keys) || compareValues(a.values, b.values);
    if (order !== 0) return order;
    const left = identifyValues(a.values);
    const right = identifyValues(b.values);
    return left < right ? -1 : left > right ? 1 : 0;
  };
}

/**
 * A counted multiset of rows sorted by ORDER BY keys, then by the tie order. Inserting and retracting cost
 * O(log n); listing costs O(n), which the aggregates built on it pay anyway to build their result.
 */
export class OrderedRows implements SavedPart {
  private readonly list: SortedList<RowEntry>;
  /** Rows by representation: a stack of runs in insertion order ('insertion') or the single run ('values'). */
  private readonly runs = new Map<string, RowEntry[]>();
  private sequence = 0;
  /** Bumped on every change, so that results can be cached between changes. */
  version = 0;

  constructor(private readonly layout: RowLayout) {
    this.list = new SortedList<RowEntry>(layout.compare, (entry) => entry.count);
  }

  get isEmpty(): boolean {
    return this.list.size === 0;
  }

  /** Adds (weight > 0) or retracts `weight` copies of a row: the arguments, then the ORDER BY keys. */
  apply(row: readonly Value[], weight: number): void {
    this.version++;
    const identity = this.layout.identify(row);
    let stack = this.runs.get(identity);
    if (stack === undefined) {
      stack = [];
      this.runs.set(identity, stack);
    }
    if (this.layout.tieOrder === 'values' || weight > 0) this.addToRun(stack, row, weight);
    else this.retract(stack, row, -weight);
    if (stack.length === 0) this.runs.delete(identity);
  }

  /** Adds to the newest run of the row if it may absorb the copies, else starts a run at the end. */
  private addToRun(stack: RowEntry[], row: readonly Value[], weight: number): void {
    const top = stack[stack.length - 1];
    // Copies may join the newest run when nothing arrived since (or it is a pending retraction to cancel).
    if (top !== undefined && (this.layout.tieOrder === 'values' || top.count < 0 || top.sequence === this.sequence)) {
      this.changeCount(stack, top, weight);
      return;
    }
    const valueCount = this.layout.valueCount;
    const entry: RowEntry = {
      values: row.slice(0, valueCount),
      keys: row.slice(valueCount),
      sequence: ++this.sequence,
      count: weight,
    };
    this.list.locate(entry);
    this.list.insertAtCursor(entry, weight);
    stack.push(entry);
  }

  /** Retracts from the newest runs first; what no run holds stays as a pending negative run. */
  private retract(stack: RowEntry[], row: readonly Value[], copies: number): void {
    let remaining = copies;
    while (remaining > 0 && stack.length > 0 && stack[stack.length - 1]!.count > 0) {
      const top = stack[stack.length - 1]!;
      const taken = Math.min(top.count, remaining);
      remaining -= taken;
      this.changeCount(stack, top, -taken);
    }
    if (remaining > 0) this.addToRun(stack, row, -remaining);
  }

  private changeCount(stack: RowEntry[], entry: RowEntry, delta: number): void {
    this.list.locate(entry);
    entry.count += delta;
    this.list.addWeightAtCursor(delta);
    if (entry.count === 0) {
      this.list.removeAtCursor(0);
      stack.splice(stack.lastIndexOf(entry), 1);
    }
  }

  first(): RowEntry | undefined {
    return this.list.first();
  }

  last(): RowEntry | undefined {
    return this.list.last();
  }

  /** Visits the runs in output order. */
  forEach(visit: (entry: RowEntry) => void): void {
    this.list.forEach(visit);
  }

  /**
   * The last sequence number given, then one array of the runs in output order, four items each: arguments,
   * ORDER BY keys, sequence number and count. Sequence numbers keep the arrival order of equal rows and tell
   * whether a new copy may join the newest run.
   */
  saveTo(out: Value[]): void {
    const entries: Value[] = [];
    this.list.forEach((entry) => {
      entries.push(entry.values, entry.keys, entry.sequence, entry.count);
    });
    out.push(this.sequence, entries);
  }

  loadFrom(fields: SavedFields): void {
    this.sequence = fields.number();
    const saved = fields.array();
    if (saved.length % 4 !== 0) throw new Error('could not restore aggregate state: incomplete row runs');
    const entries: RowEntry[] = [];
    for (let index = 0; index < saved.length; index += 4) {
      const [values, keys, sequence, count] = saved.slice(index, index + 4);
      if (!Array.isArray(values) || !Array.isArray(keys) || typeof sequence !== 'number' || typeof count !== 'number') {
        throw new Error('could not restore aggregate state: malformed row run');
      }
      const entry: RowEntry = { values: values as readonly Value[], keys: keys as readonly Value[], sequence, count };
      if (this.list.locate(entry)) throw new Error('could not restore aggregate state: duplicate row run');
      this.list.insertAtCursor(entry, count);
      entries.push(entry);
    }
    // Each representation's stack lists its runs in arrival order.
    entries.sort((a, b) => a.sequence - b.sequence);
    for (const entry of entries) {
      const identity = this.layout.identify([...entry.values, ...entry.keys]);
      let stack = this.runs.get(identity);
      if (stack === undefined) {
        stack = [];
        this.runs.set(identity, stack);
      }
      stack.push(entry);
    }
    this.version++;
  }
}
