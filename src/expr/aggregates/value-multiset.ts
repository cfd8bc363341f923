// ValueMultiset: non-null values with multiplicities, in sort order, for min/max, percentiles and mode.
import type { Value } from '../../types/value.js';
import type { SavedFields, SavedPart } from './saved-state.js';
import { SortedList } from './sorted-list.js';

/** Consecutive copies (in arrival order) of one representation of a value. */
interface Run {
  readonly value: Value;
  /** Negative while a retraction waits for its insertion within a batch. */
  count: number;
}

/** All copies of one value under SQL equality. */
export interface ValueClass {
  /** One representation of the value, for comparisons. */
  value: Value;
  count: number;
  /**
   * Present only while copies with different representations of the value (2.0 and 2.00) are held: their
   * runs in arrival order, which is the order PostgreSQL's (stable, for small inputs) sort leaves them in.
   */
  runs: Run[] | undefined;
}

/** The latest-arrived representation held: what min and max return, their transition keeping the newer of equals. */
export function latestRepresentation(valueClass: ValueClass): Value {
  const runs = valueClass.runs;
  if (runs === undefined) return valueClass.value;
  for (let index = runs.length - 1; index >= 0; index--) if (runs[index]!.count > 0) return runs[index]!.value;
  return valueClass.value;
}

/** The copy at `offset` in arrival order: the first is what mode returns (the head of a run of equal values). */
export function representationAt(valueClass: ValueClass, offset: number): Value {
  const runs = valueClass.runs;
  if (runs === undefined) return valueClass.value;
  let before = 0;
  for (const run of runs) {
    if (run.count <= 0) continue;
    before += run.count;
    if (offset < before) return run.value;
  }
  return valueClass.value;
}

/**
 * A multiset of non-null values in sort order. Equal values form one class with a count, so retracting the
 * smallest value uncovers the next in O(log n) without rescanning input, and ranks (percentiles) skip whole
 * chunks. When equal values have different representations, the class keeps them in arrival order, so that
 * the one returned is the one PostgreSQL would return (its max(2.0, 2.00) is 2.00, the latest scanned).
 */
export class ValueMultiset implements SavedPart {
  private readonly list: SortedList<ValueClass>;
  private readonly probe: ValueClass = { value: null, count: 0, runs: undefined };

  /**
   * `compare` orders non-null values (reversed for a descending sort); `same` tells identical representations
   * apart from merely equal values, or is undefined for types where equality means identical.
   */
  constructor(
    compare: (a: Value, b: Value) => number,
    private readonly same: ((a: Value, b: Value) => boolean) | undefined,
  ) {
    this.list = new SortedList<ValueClass>(
      (a, b) => compare(a.value, b.value),
      (entry) => entry.count,
    );
  }

  /** Copies held (the sum of all counts). */
  get size(): number {
    return this.list.totalWeight;
  }

  /** Adds `weight` copies of a non-null value (a retraction when weight < 0); returns the class it went to. */
  add(value: Value, weight: number): ValueClass {
    const list = this.list;
    this.probe.value = value;
    if (!list.locate(this.probe)) {
      const created: ValueClass = { value, count: weight, runs: undefined };
      list.insertAtCursor(created, weight);
      return created;
    }
    const valueClass = list.atCursor();
    if (this.same === undefined || (valueClass.runs === undefined && this.same(valueClass.value, value))) {
      valueClass.count += weight;
    } else addToRuns(valueClass, value, weight, this.same);
    list.addWeightAtCursor(weight);
    if (valueClass.count === 0) list.removeAtCursor(0);
    return valueClass;
  }

  /** The class of the smallest value in sort order. */
  smallest(): ValueClass | undefined {
    return this.list.first();
  }

  /** The class of the largest value in sort order. */
  largest(): ValueClass | undefined {
    return this.list.last();
  }

  /** The copy at 0-based position `rank` of the sorted multiset (0 <= rank < size), equal copies in arrival order. */
  atRank(rank: number): Value {
    const valueClass = this.list.atRank(rank);
    return valueClass === undefined ? null : representationAt(valueClass, this.list.rankOffset);
  }

  /** Visits the classes in sort order until `visit` returns false. */
  forEach(visit: (valueClass: ValueClass) => boolean | void): void {
    this.list.forEach(visit);
  }

  /**
   * One array of the classes in sort order, three items each: the value, the count, and NULL or the runs of
   * representations in arrival order as value-count pairs.
   */
  saveTo(out: Value[]): void {
    const classes: Value[] = [];
    this.list.forEach((valueClass) => {
      const runs = valueClass.runs;
      let savedRuns: Value[] | null = null;
      if (runs !== undefined) {
        savedRuns = [];
        for (const run of runs) savedRuns.push(run.value, run.count);
      }
      classes.push(valueClass.value, valueClass.count, savedRuns);
    });
    out.push(classes);
  }

  loadFrom(fields: SavedFields): void {
    const classes = fields.array();
    if (classes.length % 3 !== 0) throw new Error('could not restore aggregate state: incomplete value classes');
    for (let index = 0; index < classes.length; index += 3) {
      const count = classes[index + 1];
      const savedRuns = classes[index + 2];
      if (typeof count !== 'number' || (savedRuns !== null && !Array.isArray(savedRuns))) {
        throw new Error('could not restore aggregate state: malformed value class');
      }
      const valueClass: ValueClass = { value: classes[index]!, count, runs: loadRuns(savedRuns as readonly Value[] | null) };
      if (this.list.locate(valueClass)) throw new Error('could not restore aggregate state: duplicate value class');
      this.list.insertAtCursor(valueClass, count);
    }
  }
}

function loadRuns(saved: readonly Value[] | null): Run[] | undefined {
  if (saved === null) return undefined;
  const runs: Run[] = [];
  for (let index = 0; index < saved.length; index += 2) {
    const count = saved[index + 1];
    if (typeof count !== 'number') throw new Error('could not restore aggregate state: malformed run');
    runs.push({ value: saved[index]!, count });
  }
  return runs;
}

/**
 * Records copies of a representation in arrival order: a new arrival extends the last run if it is the same
 * representation (or settles a pending retraction of it); a retraction takes the latest copies first.
 */
function addToRuns(valueClass: ValueClass, value: Value, weight: number, same: (a: Value, b: Value) => boolean): void {
  const runs = (valueClass.runs ??= [{ value: valueClass.value, count: valueClass.count }]);
  valueClass.count += weight;
  if (weight > 0) {
    const pending = runs.find((run) => run.count < 0 && same(run.value, value));
    const last = runs[runs.length - 1];
    if (pending !== undefined) pending.count += weight;
    else if (last !== undefined && last.count > 0 && same(last.value, value)) last.count += weight;
    else runs.push({ value, count: weight });
  } else {
    let remaining = -weight;
    for (let index = runs.length - 1; index >= 0 && remaining > 0; index--) {
      const run = runs[index]!;
      if (run.count <= 0 || !same(run.value, value)) continue;
      const taken = Math.min(run.count, remaining);
      run.count -= taken;
      remaining -= taken;
    }
    if (remaining > 0) runs.push({ value, count: -remaining });
  }
  valueClass.runs = runs.filter((run) => run.count !== 0);
  const first = valueClass.runs[0];
  if (first !== undefined && valueClass.runs.every((run) => same(run.value, first.value))) {
    valueClass.value = first.value;
    valueClass.runs = undefined;
  }
}
