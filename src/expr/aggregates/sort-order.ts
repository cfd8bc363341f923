// Comparators for aggregate ORDER BY keys: direction and NULL placement per key, as a sort node applies them.
import { comparator } from '../../types/compare.js';
import type { Value } from '../../types/value.js';
import type { AggregateOrderKey } from './aggregate.js';

/** Compares two non-null values of one ORDER BY key in its direction (a WITHIN GROUP key, whose NULLs are skipped). */
export function directedComparator(key: AggregateOrderKey): (a: Value, b: Value) => number {
  const ascending = comparator(key.type);
  return key.descending ? (a, b) => ascending(b, a) : ascending;
}

/** Compares two values of one ORDER BY key, NULLs included, honouring DESC and NULLS FIRST/LAST. */
export function keyComparator(key: AggregateOrderKey): (a: Value, b: Value) => number {
  const compare = comparator(key.type);
  const nullOrder = key.nullsFirst ? -1 : 1;
  const direction = key.descending ? -1 : 1;
  return (a, b) => {
    if (a === null) return b === null ? 0 : nullOrder;
    if (b === null) return -nullOrder;
    return direction * compare(a, b);
  };
}

/** Compares tuples of ORDER BY key values, key by key. */
export function tupleComparator(keys: readonly AggregateOrderKey[]): (a: readonly Value[], b: readonly Value[]) => number {
  const comparators = keys.map(keyComparator);
  if (comparators.length === 1) {
    const only = comparators[0]!;
    return (a, b) => only(a[0]!, b[0]!);
  }
  return (a, b) => {
    for (let index = 0; index < comparators.length; index++) {
      const order = comparators[index]!(a[index]!, b[index]!);
      if (order !== 0) return order;
    }
    return 0;
  };
}
