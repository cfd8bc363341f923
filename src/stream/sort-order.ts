// Row comparators for ORDER BY keys, with PostgreSQL's NULL ordering.
import { compileExpr, type CompileOptions } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { comparator } from '../types/compare.js';
import type { Row } from '../types/value.js';

export interface SortSpec {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Compares rows by the keys in order; NULLs sort as `nullsFirst` says, independent of direction. */
export function rowComparator(keys: readonly SortSpec[], options?: CompileOptions): (a: Row, b: Row) => number {
  const parts = keys.map((k) => ({
    value: compileExpr(k.expr, options),
    compare: comparator(k.expr.type),
    direction: k.descending ? -1 : 1,
    nulls: k.nullsFirst ? -1 : 1,
  }));
  return (a, b) => {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const x = p.value(a);
      const y = p.value(b);
      if (x === null || y === null) {
        if (x === y) continue;
        return x === null ? p.nulls : -p.nulls;
      }
      const c = p.compare(x, y);
      if (c !== 0) return c * p.direction;
    }
    return 0;
  };
}
