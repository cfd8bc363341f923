// Typed (bound) expressions: the binder's output and the input of the closure compiler.
import type { DataType } from '../types/data-type.js';
import type { Value } from '../types/value.js';
import type { ResolvedFunction } from './function-registry.js';

/**
 * A bound expression over the columns of one input row. Every node knows its result type. Column indexes
 * refer to the input row of the plan node that owns the expression.
 */
export type BoundExpr =
  | { readonly kind: 'column'; readonly index: number; readonly type: DataType }
  | { readonly kind: 'literal'; readonly value: Value; readonly type: DataType }
  | { readonly kind: 'call'; readonly fn: ResolvedFunction; readonly args: readonly BoundExpr[]; readonly type: DataType }
  | { readonly kind: 'cast'; readonly arg: BoundExpr; readonly cast: (v: Value) => Value; readonly type: DataType }
  | { readonly kind: 'and' | 'or'; readonly args: readonly BoundExpr[]; readonly type: 'boolean' }
  | { readonly kind: 'not'; readonly arg: BoundExpr; readonly type: 'boolean' }
  | { readonly kind: 'isNull'; readonly arg: BoundExpr; readonly negated: boolean; readonly type: 'boolean' }
  /** `x IS [NOT] TRUE|FALSE|UNKNOWN`. */
  | { readonly kind: 'isBoolean'; readonly arg: BoundExpr; readonly value: boolean | null; readonly negated: boolean; readonly type: 'boolean' }
  | { readonly kind: 'isDistinctFrom'; readonly left: BoundExpr; readonly right: BoundExpr; readonly negated: boolean; readonly equals: (a: Value, b: Value) => boolean; readonly type: 'boolean' }
  | { readonly kind: 'case'; readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[]; readonly else: BoundExpr; readonly type: DataType }
  | { readonly kind: 'coalesce'; readonly args: readonly BoundExpr[]; readonly type: DataType }
  /** `x [NOT] IN (list)`, with `equals` the '=' of the common type; NULL semantics as in SQL. */
  | { readonly kind: 'inList'; readonly arg: BoundExpr; readonly list: readonly BoundExpr[]; readonly negated: boolean; readonly equals: (a: Value, b: Value) => boolean; readonly keyOf?: (v: Value) => string; readonly type: 'boolean' }
  | { readonly kind: 'array'; readonly elements: readonly BoundExpr[]; readonly type: DataType }
  | { readonly kind: 'subscript'; readonly arg: BoundExpr; readonly index: BoundExpr; readonly type: DataType }
  | { readonly kind: 'parameter'; readonly index: number; readonly type: DataType };

export const literal = (value: Value, type: DataType): BoundExpr => ({ kind: 'literal', value, type });
export const column = (index: number, type: DataType): BoundExpr => ({ kind: 'column', index, type });

/** True when the expression reads no column, parameter or volatile function: it can be folded to a constant. */
export function isConstant(expr: BoundExpr): boolean {
  switch (expr.kind) {
    case 'column':
    case 'parameter':
      return false;
    case 'literal':
      return true;
    case 'call':
      return !expr.fn.volatile && expr.args.every(isConstant);
    case 'cast':
    case 'not':
    case 'isNull':
    case 'isBoolean':
      return isConstant(expr.arg);
    case 'and':
    case 'or':
    case 'coalesce':
      return expr.args.every(isConstant);
    case 'isDistinctFrom':
      return isConstant(expr.left) && isConstant(expr.right);
    case 'case':
      return expr.whens.every((w) => isConstant(w.when) && isConstant(w.then)) && isConstant(expr.else);
    case 'inList':
      return isConstant(expr.arg) && expr.list.every(isConstant);
    case 'array':
      return expr.elements.every(isConstant);
    case 'subscript':
      return isConstant(expr.arg) && isConstant(expr.index);
  }
}

/** Calls `visit` on every column index the expression reads. */
export function forEachColumn(expr: BoundExpr, visit: (index: number) => void): void {
  switch (expr.kind) {
    case 'column':
      visit(expr.index);
      return;
    case 'literal':
    case 'parameter':
      return;
    case 'call':
    case 'and':
    case 'or':
    case 'coalesce':
      for (const arg of expr.args) forEachColumn(arg, visit);
      return;
    case 'cast':
    case 'not':
    case 'isNull':
    case 'isBoolean':
      forEachColumn(expr.arg, visit);
      return;
    case 'isDistinctFrom':
      forEachColumn(expr.left, visit);
      forEachColumn(expr.right, visit);
      return;
    case 'case':
      for (const w of expr.whens) {
        forEachColumn(w.when, visit);
        forEachColumn(w.then, visit);
      }
      forEachColumn(expr.else, visit);
      return;
    case 'inList':
      forEachColumn(expr.arg, visit);
      for (const item of expr.list) forEachColumn(item, visit);
      return;
    case 'array':
      for (const e of expr.elements) forEachColumn(e, visit);
      return;
    case 'subscript':
      forEachColumn(expr.arg, visit);
      forEachColumn(expr.index, visit);
      return;
  }
}

/** Rewrites column references through `map`. */
export function mapColumns(expr: BoundExpr, map: (index: number, type: DataType) => BoundExpr): BoundExpr {
  return transformExpr(expr, (e) => (e.kind === 'column' ? map(e.index, e.type) : undefined));
}

/**
 * A canonical text of the expression, equal for structurally equal expressions: used to match SELECT
 * expressions against GROUP BY keys and for EXPLAIN.
 */
export function exprKey(expr: BoundExpr): string {
  switch (expr.kind) {
    case 'column':
      return `$${expr.index}`;
    case 'literal':
      return `lit(${expr.type}:${literalText(expr.value)})`;
    case 'parameter':
      return `param${expr.index}`;
    case 'call':
      return `${expr.fn.name}(${expr.args.map(exprKey).join(',')})`;
    case 'cast':
      return `cast(${exprKey(expr.arg)} as ${expr.type})`;
    case 'and':
    case 'or':
    case 'coalesce':
      return `${expr.kind}(${expr.args.map(exprKey).join(',')})`;
    case 'not':
      return `not(${exprKey(expr.arg)})`;
    case 'isNull':
      return `${exprKey(expr.arg)} is ${expr.negated ? 'not ' : ''}null`;
    case 'isBoolean':
      return `${exprKey(expr.arg)} is ${expr.negated ? 'not ' : ''}${String(expr.value)}`;
    case 'isDistinctFrom':
      return `${exprKey(expr.left)} is ${expr.negated ? 'not ' : ''}distinct from ${exprKey(expr.right)}`;
    case 'case':
      return `case(${expr.whens.map((w) => `${exprKey(w.when)}=>${exprKey(w.then)}`).join(',')};${exprKey(expr.else)})`;
    case 'inList':
      return `${exprKey(expr.arg)} ${expr.negated ? 'not ' : ''}in(${expr.list.map(exprKey).join(',')})`;
    case 'array':
      return `array(${expr.elements.map(exprKey).join(',')})`;
    case 'subscript':
      return `${exprKey(expr.arg)}[${exprKey(expr.index)}]`;
  }
}

function literalText(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Uint8Array) return `bytes:${Array.from(value).join('.')}`;
  if (Array.isArray(value)) return `[${value.map(literalText).join(',')}]`;
  return String(value);
}

/**
 * Rewrites top-down: `fn` returns a replacement for a node (not visited further) or undefined to descend
 * into the node's children.
 */
export function transformExpr(expr: BoundExpr, fn: (e: BoundExpr) => BoundExpr | undefined): BoundExpr {
  const replaced = fn(expr);
  if (replaced) return replaced;
  const t = (e: BoundExpr): BoundExpr => transformExpr(e, fn);
  switch (expr.kind) {
    case 'column':
    case 'literal':
    case 'parameter':
      return expr;
    case 'call':
      return { ...expr, args: expr.args.map(t) };
    case 'and':
    case 'or':
      return { ...expr, args: expr.args.map(t) };
    case 'coalesce':
      return { ...expr, args: expr.args.map(t) };
    case 'cast':
      return { ...expr, arg: t(expr.arg) };
    case 'not':
      return { ...expr, arg: t(expr.arg) };
    case 'isNull':
      return { ...expr, arg: t(expr.arg) };
    case 'isBoolean':
      return { ...expr, arg: t(expr.arg) };
    case 'isDistinctFrom':
      return { ...expr, left: t(expr.left), right: t(expr.right) };
    case 'case':
      return { ...expr, whens: expr.whens.map((w) => ({ when: t(w.when), then: t(w.then) })), else: t(expr.else) };
    case 'inList':
      return { ...expr, arg: t(expr.arg), list: expr.list.map(t) };
    case 'array':
      return { ...expr, elements: expr.elements.map(t) };
    case 'subscript':
      return { ...expr, arg: t(expr.arg), index: t(expr.index) };
  }
}

/** Splits an AND tree into its conjuncts. */
export function conjuncts(expr: BoundExpr): BoundExpr[] {
  return expr.kind === 'and' ? expr.args.flatMap(conjuncts) : [expr];
}

export function conjunction(exprs: readonly BoundExpr[]): BoundExpr | undefined {
  if (exprs.length === 0) return undefined;
  if (exprs.length === 1) return exprs[0];
  return { kind: 'and', args: exprs, type: 'boolean' };
}
