// PostgreSQL's type categories and preferred types (pg_type.typcategory/typispreferred) used by overload resolution.
import type { ParamType } from './function-def.js';

/** Category letters as in pg_type: Array, Boolean, Datetime, Numeric, String, Timespan, User, unknown (X), Pseudo. */
export type TypeCategory = 'A' | 'B' | 'D' | 'N' | 'S' | 'T' | 'U' | 'X' | 'P';

const CATEGORY: Readonly<Record<string, TypeCategory>> = {
  boolean: 'B',
  int2: 'N',
  int4: 'N',
  int8: 'N',
  float4: 'N',
  float8: 'N',
  numeric: 'N',
  // Tally's varchar is PostgreSQL's text: the preferred string type.
  varchar: 'S',
  bytea: 'U',
  date: 'D',
  time: 'D',
  timestamp: 'D',
  timestamptz: 'D',
  interval: 'T',
  jsonb: 'U',
  unknown: 'X',
};

const PREFERRED = new Set<ParamType>(['boolean', 'float8', 'varchar', 'timestamptz', 'interval']);

/** The category of a type; arrays are 'A', polymorphic pseudo-types 'P'. */
export function typeCategory(type: ParamType): TypeCategory {
  const category = CATEGORY[type];
  if (category !== undefined) return category;
  if (type.endsWith('[]')) return 'A';
  return 'P';
}

/** PostgreSQL's IsPreferredType: `type` is the preferred type of `category`. */
export function isPreferredType(category: TypeCategory, type: ParamType): boolean {
  return PREFERRED.has(type) && typeCategory(type) === category;
}
