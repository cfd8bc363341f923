// PostgreSQL's cast contexts (pg_cast) and common-type resolution (select_common_type) over Tally's types.
import { elementType, isArrayType, type DataType, type ScalarType } from './data-type.js';

export type CoercionContext = 'implicit' | 'assignment' | 'explicit';

const RANK: Record<CoercionContext, number> = { implicit: 0, assignment: 1, explicit: 2 };

/** pg_cast rows between distinct scalar types: 'i' implicit, 'a' assignment, 'e' explicit. */
const CASTS: Record<string, 'i' | 'a' | 'e'> = {
  'int2>int4': 'i', 'int2>int8': 'i', 'int2>float4': 'i', 'int2>float8': 'i', 'int2>numeric': 'i',
  'int4>int2': 'a', 'int4>int8': 'i', 'int4>float4': 'i', 'int4>float8': 'i', 'int4>numeric': 'i', 'int4>boolean': 'e',
  'int8>int2': 'a', 'int8>int4': 'a', 'int8>float4': 'i', 'int8>float8': 'i', 'int8>numeric': 'i',
  'float4>int2': 'a', 'float4>int4': 'a', 'float4>int8': 'a', 'float4>float8': 'i', 'float4>numeric': 'a',
  'float8>int2': 'a', 'float8>int4': 'a', 'float8>int8': 'a', 'float8>float4': 'a', 'float8>numeric': 'a',
  'numeric>int2': 'a', 'numeric>int4': 'a', 'numeric>int8': 'a', 'numeric>float4': 'i', 'numeric>float8': 'i',
  'boolean>int4': 'e',
  'date>timestamp': 'i', 'date>timestamptz': 'i',
  'timestamp>date': 'a', 'timestamp>time': 'a', 'timestamp>timestamptz': 'i',
  'timestamptz>date': 'a', 'timestamptz>time': 'a', 'timestamptz>timestamp': 'a',
  'time>interval': 'i', 'interval>time': 'a',
  'jsonb>boolean': 'e', 'jsonb>int2': 'e', 'jsonb>int4': 'e', 'jsonb>int8': 'e', 'jsonb>float4': 'e',
  'jsonb>float8': 'e', 'jsonb>numeric': 'e',
};

/** The context a scalar cast needs, or undefined when PostgreSQL has none. */
export function scalarCastContext(from: ScalarType, to: ScalarType): CoercionContext | undefined {
  if (from === to || from === 'unknown') return 'implicit';
  const entry = CASTS[`${from}>${to}`];
  if (entry !== undefined) return entry === 'i' ? 'implicit' : entry === 'a' ? 'assignment' : 'explicit';
  // I/O conversion casts: to a string type in assignment context, from one only explicitly.
  if (to === 'varchar') return 'assignment';
  if (from === 'varchar') return 'explicit';
  return undefined;
}

/** The context a cast needs (arrays: element-wise; to and from text via I/O), or undefined for none. */
export function castContext(from: DataType, to: DataType): CoercionContext | undefined {
  const fromArray = isArrayType(from);
  const toArray = isArrayType(to);
  if (fromArray && toArray) return scalarCastContext(elementType(from), elementType(to));
  if (from === 'unknown') return 'implicit';
  if (fromArray) return to === 'varchar' ? 'assignment' : undefined;
  if (toArray) return from === 'varchar' ? 'explicit' : undefined;
  return scalarCastContext(from as ScalarType, to as ScalarType);
}

/** Whether a value of `from` may be converted to `to` in `context` (PostgreSQL's can_coerce_type + pg_cast). */
export function canCoerce(from: DataType, to: DataType, context: CoercionContext): boolean {
  const needed = castContext(from, to);
  return needed !== undefined && RANK[needed] <= RANK[context];
}

type Category = 'N' | 'S' | 'D' | 'T' | 'B' | 'U' | 'A' | 'X';

/** pg_type.typcategory and typispreferred. */
function category(type: DataType): [Category, boolean] {
  if (isArrayType(type)) return ['A', false];
  switch (type) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'numeric': return ['N', false];
    case 'float8': return ['N', true];
    case 'varchar': return ['S', true];
    case 'date':
    case 'time':
    case 'timestamp': return ['D', false];
    case 'timestamptz': return ['D', true];
    case 'interval': return ['T', true];
    case 'boolean': return ['B', true];
    case 'bytea':
    case 'jsonb': return ['U', false];
    case 'unknown': return ['X', false];
  }
}

/**
 * PostgreSQL's select_common_type for UNION, CASE, COALESCE, VALUES, IN: unknowns give text when all are
 * unknown; otherwise the first known type, replaced by a later one it implicitly coerces to (but not back),
 * unless it is its category's preferred type. Undefined when the types cannot be matched (different
 * categories, or a type that does not implicitly coerce to the result).
 */
export function commonType(types: readonly DataType[]): DataType | undefined {
  let result: DataType | undefined;
  let resultCategory: Category = 'X';
  let resultPreferred = false;
  for (const type of types) {
    if (type === 'unknown') continue;
    if (result === undefined) {
      result = type;
      [resultCategory, resultPreferred] = category(type);
      continue;
    }
    if (type === result) continue;
    const [typeCategory, typePreferred] = category(type);
    if (typeCategory !== resultCategory) return undefined;
    if (!resultPreferred && canCoerce(result, type, 'implicit') && !canCoerce(type, result, 'implicit')) {
      result = type;
      resultPreferred = typePreferred;
    }
  }
  if (result === undefined) return types.length === 0 ? undefined : 'varchar';
  for (const type of types) {
    if (type !== 'unknown' && !canCoerce(type, result, 'implicit')) return undefined;
  }
  return result;
}
