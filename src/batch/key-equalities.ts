// The `column = constant` conditions a batch query puts directly on the relations it scans: what a point lookup needs.
import { compileExpr, type CompileOptions } from '../expr/compile.js';
import { isConstant, type BoundExpr } from '../expr/expr.js';
import { planInputs, type PlanNode } from '../plan/plan-node.js';
import type { DataType } from '../types/data-type.js';
import type { Row, Value } from '../types/value.js';

/** Column index (in the relation's stored row) -> the non-null value the query requires it to equal. */
export type KeyEqualities = ReadonlyMap<number, Value>;

/**
 * The rows of `relation` whose columns equal `equalities` (every row that could satisfy them, in scan order),
 * found without a scan; undefined when the relation has no key those columns cover (the caller scans).
 */
export type RelationLookup = (relation: string, equalities: KeyEqualities) => readonly Row[] | undefined;

/**
 * Types whose `=` holds exactly between values that the key maps (`types/key.ts`, `types/key-map.ts`) put in
 * one class, so that a lookup finds every row the filter would keep. Floats, intervals, jsonb and arrays are
 * left to the scan: not because they differ, but because a lookup on them is not worth the argument.
 */
const LOOKUP_TYPES: ReadonlySet<DataType> = new Set<DataType>(['boolean', 'int2', 'int4', 'int8', 'numeric', 'varchar', 'date', 'timestamp', 'timestamptz']);

/**
 * For each relation the plan scans exactly once, directly under a filter, the filter's top-level conjuncts of
 * the form `column = constant` (either side), with both sides of the column's type. The filter stays in the
 * plan: a lookup only narrows the rows it sees, so it may return more rows than match, never fewer.
 */
export function scanKeyEqualities(plan: PlanNode, options: CompileOptions): Map<string, KeyEqualities> {
  const scanCount = new Map<string, number>();
  const found = new Map<string, Map<number, Value>>();
  const walk = (node: PlanNode): void => {
    if (node.kind === 'scan') {
      scanCount.set(node.relation, (scanCount.get(node.relation) ?? 0) + 1);
      return;
    }
    if (node.kind === 'filter' && node.input.kind === 'scan') {
      const equalities = new Map<number, Value>();
      collect(node.predicate, node.input.columns.length, options, equalities);
      if (equalities.size > 0) found.set(node.input.relation, equalities);
    }
    for (const input of planInputs(node)) walk(input);
  };
  walk(plan);
  for (const relation of found.keys()) if (scanCount.get(relation) !== 1) found.delete(relation);
  return found;
}

function collect(predicate: BoundExpr, width: number, options: CompileOptions, into: Map<number, Value>): void {
  if (predicate.kind === 'and') {
    for (const arg of predicate.args) collect(arg, width, options, into);
    return;
  }
  if (predicate.kind !== 'call' || predicate.fn.name !== '=' || predicate.args.length !== 2) return;
  const [left, right] = predicate.args as [BoundExpr, BoundExpr];
  const columnSide = left.kind === 'column' ? left : right.kind === 'column' ? right : undefined;
  const constantSide = columnSide === left ? right : left;
  if (columnSide?.kind !== 'column' || columnSide.index >= width || into.has(columnSide.index)) return;
  if (!LOOKUP_TYPES.has(columnSide.type) || constantSide.type !== columnSide.type || !isConstant(constantSide)) return;
  const value = constantValue(constantSide, options);
  if (value !== undefined && value !== null) into.set(columnSide.index, value);
}

/** The constant's value; undefined when evaluating it fails (the filter then raises the error, as before). */
function constantValue(expr: BoundExpr, options: CompileOptions): Value | undefined {
  try {
    return compileExpr(expr, options)([]);
  } catch {
    return undefined;
  }
}
