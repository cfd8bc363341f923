// Runtime representation of SQL values and rows. Every layer above types/ uses these shapes.
import type { Interval } from './interval.js';
import type { Numeric } from './numeric.js';

/**
 * A SQL value. The representation depends on the static type, which the plan always knows:
 * - NULL: `null` (for every type)
 * - boolean: `boolean`
 * - int2, int4: `number` (an integer); int8: `bigint`
 * - float4, float8: `number`
 * - numeric: `Numeric` (exact decimal)
 * - varchar: `string`; jsonb: its canonical text as `string`
 * - bytea: `Uint8Array`
 * - date: `number`, days since 1970-01-01
 * - time: `number`, microseconds since midnight
 * - timestamp, timestamptz: `bigint`, microseconds since 1970-01-01 00:00:00 (UTC for timestamptz)
 * - interval: `Interval`
 * - arrays: `Value[]` of the element representation
 */
export type Value = null | boolean | number | bigint | string | Numeric | Interval | Uint8Array | readonly Value[];

/** A row: values in column order. Operators never mutate a row they did not create. */
export type Row = Value[];
