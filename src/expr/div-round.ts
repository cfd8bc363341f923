// round(a / b, s) and round(a / b * 10^k, s) over numeric, found in a bound expression so that the compiler
// computes them in one step (Numeric.divRound) instead of building the long quotient that round cuts short.
import { EXACT_POWERS, Numeric } from '../types/numeric.js';
import type { DataType } from '../types/data-type.js';
import type { Value } from '../types/value.js';
import { isConstant, type BoundExpr } from './expr.js';

/** The operands of a fused division and rounding: round(dividend / divisor * 10^shift, to). */
export interface DivRound {
  readonly dividend: BoundExpr;
  readonly divisor: BoundExpr;
  readonly shift: number;
  readonly to: number;
}

type Call = Extract<BoundExpr, { kind: 'call' }>;

const NUMERIC_PAIR: readonly DataType[] = ['numeric', 'numeric'];
const ROUND_ARGS: readonly DataType[] = ['numeric', 'int4'];

const isCall = (expr: BoundExpr, name: string, argTypes: readonly DataType[]): expr is Call =>
  expr.kind === 'call' && expr.fn.name === name && expr.fn.argTypes.length === argTypes.length && expr.fn.argTypes.every((type, argIdx) => type === argTypes[argIdx]);

/**
 * The parts of `expr` when it is numeric round(a / b, s) or round(a / b * c, s), with s a constant >= 0 and c a
 * constant power of ten (100, 100.0) on either side of the product; `evaluate` computes a constant
 * subexpression. Any other expression: undefined.
 */
export function divRoundParts(expr: BoundExpr, evaluate: (constant: BoundExpr) => Value): DivRound | undefined {
  const rounding = roundParts(expr, evaluate);
  if (rounding === undefined) return undefined;
  const to = rounding.to;
  let quotient = rounding.operand;
  let shift = 0;
  if (isCall(quotient, '*', NUMERIC_PAIR)) {
    const [left, right] = quotient.args as [BoundExpr, BoundExpr];
    const factorOnRight = isConstant(right);
    if (!factorOnRight && !isConstant(left)) return undefined;
    const power = tenExponent(evaluate(factorOnRight ? right : left));
    if (power === undefined) return undefined;
    shift = power;
    quotient = factorOnRight ? left : right;
  }
  if (!isCall(quotient, '/', NUMERIC_PAIR)) return undefined;
  return { dividend: quotient.args[0]!, divisor: quotient.args[1]!, shift, to };
}

/** The parts of `expr` when it is numeric round(operand, to) with `to` a constant >= 0; else undefined. */
export function roundParts(expr: BoundExpr, evaluate: (constant: BoundExpr) => Value): { readonly operand: BoundExpr; readonly to: number } | undefined {
  if (!isCall(expr, 'round', ROUND_ARGS) || !isConstant(expr.args[1]!)) return undefined;
  const to = evaluate(expr.args[1]!);
  return typeof to === 'number' && to >= 0 ? { operand: expr.args[0]!, to } : undefined;
}

/** k when `value` is the numeric 10^k (k >= 0) at any scale, else undefined. */
function tenExponent(value: Value): number | undefined {
  if (!(value instanceof Numeric) || value.scale < 0 || typeof value.raw !== 'number') return undefined;
  const digits = EXACT_POWERS.indexOf(value.raw);
  return digits >= value.scale ? digits - value.scale : undefined;
}
