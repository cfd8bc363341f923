// When a temporal expression's value is final: time only moves forward, so `ts >= CURRENT_DATE` once false stays false.
import type { BoundExpr } from '../expr/expr.js';
import type { Value } from '../types/value.js';
import { isTemporal } from './volatility.js';

/**
 * Clock functions whose value never decreases as time passes. `current_time` and `localtime` are left out:
 * a time of day wraps around at midnight.
 */
const RISING_CLOCKS = new Set(['now', 'current_timestamp', 'current_date', 'localtimestamp', 'statement_timestamp', 'transaction_timestamp', 'clock_timestamp']);

/** Types a rising value may be cast to and still rise (a timestamp to its date; not to text). */
const RISING_CAST_TYPES = new Set(['date', 'timestamp', 'timestamptz']);

/**
 * The test that a value of the temporal expression `expr` will never change again, or undefined when that
 * cannot be known. For a comparison of a time that only rises (NOW(), CURRENT_DATE, NOW() - INTERVAL '1 hour')
 * with an expression of the row alone: `ts >= CURRENT_DATE` is final once false (or NULL), `ts < NOW()` once
 * true (or NULL). A temporal projection keeps a row only while one of its values may still change: the rows
 * of a temporal filter that aged out, nearly all rows of a long-running stream, cost no state.
 */
export function settledTest(expr: BoundExpr): ((value: Value) => boolean) | undefined {
  if (expr.kind !== 'call' || expr.args.length !== 2) return undefined;
  const [left, right] = expr.args as [BoundExpr, BoundExpr];
  let clockOnRight: boolean;
  if (isRising(right) && !isTemporal(left)) clockOnRight = true;
  else if (isRising(left) && !isTemporal(right)) clockOnRight = false;
  else return undefined;
  // Written as `row op clock`: > and >= can only turn false as the clock rises; < and <= only turn true.
  let turnsFalse: boolean;
  switch (expr.fn.name) {
    case '>':
    case '>=':
      turnsFalse = clockOnRight;
      break;
    case '<':
    case '<=':
      turnsFalse = !clockOnRight;
      break;
    default:
      return undefined;
  }
  return turnsFalse ? (value) => value !== true : (value) => value !== false;
}

/** True when `expr` is a time that never decreases as the clock moves and depends on nothing else that changes. */
function isRising(expr: BoundExpr): boolean {
  switch (expr.kind) {
    case 'call': {
      const name = expr.fn.name;
      if (expr.args.length === 0) return RISING_CLOCKS.has(name);
      if (expr.args.length !== 2) return false;
      const [left, right] = expr.args as [BoundExpr, BoundExpr];
      // NOW() - INTERVAL '1 hour', CURRENT_DATE + 1, date_trunc('day', NOW()).
      if (name === '+') return (isRising(left) && !isTemporal(right)) || (isRising(right) && !isTemporal(left));
      if (name === '-') return isRising(left) && !isTemporal(right);
      if (name === 'date_trunc') return isRising(right) && !isTemporal(left);
      return false;
    }
    case 'cast':
      return RISING_CAST_TYPES.has(expr.type) && isRising(expr.arg);
    default:
      return false;
  }
}
