// Implicit and explicit casts inserted by the binder, with PostgreSQL's resolution of untyped literals.
import type { BoundExpr } from '../expr/expr.js';
import { castFunction, commonType } from '../types/cast.js';
import type { DataType, TypeModifier } from '../types/data-type.js';
import { typeDisplayName } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import { parseValue } from '../types/text-format.js';

/**
 * Casts `expr` to `target`. An untyped literal ('...' or NULL) is converted at bind time, so
 * `ts_col > '2020-01-01'` compares timestamps and a bad literal is reported where it is written.
 */
export function coerce(expr: BoundExpr, target: DataType, position?: number, modifier?: TypeModifier): BoundExpr {
  if (expr.type === target && !modifier) return expr;
  if (target === 'unknown') return expr;
  if (expr.kind === 'literal' && expr.type === 'unknown') {
    if (expr.value === null) return { kind: 'literal', value: null, type: target };
    const parsed = withPosition(() => parseValue(target, expr.value as string), position);
    if (!modifier) return { kind: 'literal', value: parsed, type: target };
    const typmod = castFunction(target, target, modifier);
    return { kind: 'literal', value: typmod ? withPosition(() => typmod(parsed), position) : parsed, type: target };
  }
  const source = expr.type === 'unknown' ? 'varchar' : expr.type;
  const cast = castFunction(source, target, modifier);
  if (!cast) {
    throw new SqlError('cannot_coerce', `cannot cast type ${typeDisplayName(expr.type)} to ${typeDisplayName(target)}`, { position });
  }
  if (source === target && !modifier) return expr;
  return { kind: 'cast', arg: expr, cast, type: target };
}

/** Resolves the common type of several expressions (UNION, CASE, COALESCE, IN) as PostgreSQL does. */
export function resolveCommonType(types: readonly DataType[], what: string, position?: number): DataType {
  const known = types.filter((t) => t !== 'unknown');
  if (known.length === 0) return 'varchar';
  const common = commonType(known);
  if (!common) {
    const [a, b] = distinctPair(known);
    throw new SqlError('datatype_mismatch', `${what} types ${typeDisplayName(a)} and ${typeDisplayName(b)} cannot be matched`, { position });
  }
  return common;
}

function distinctPair(types: readonly DataType[]): [DataType, DataType] {
  const first = types[0]!;
  return [first, types.find((t) => t !== first) ?? first];
}

/** Untyped literals left at the top of a select list become text, as in PostgreSQL. */
export function resolveUnknown(expr: BoundExpr): BoundExpr {
  return expr.type === 'unknown' ? coerce(expr, 'varchar') : expr;
}

function withPosition<T>(fn: () => T, position: number | undefined): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SqlError && err.position === undefined) err.position = position;
    throw err;
  }
}
