// pg_size_pretty: a byte count in bytes, kB, MB, GB, TB or PB, rounded as PostgreSQL 15 rounds it (dbsize.c).
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import type { SystemFunction } from './system-functions.js';

interface SizeUnit {
  readonly name: string;
  /** The unit is used below this size (in the unit before it is applied). */
  readonly limit: bigint;
  /** Whether the value is rounded half away from zero in this unit; one more bit is kept for it while dividing. */
  readonly round: boolean;
  /** log2 of the unit's bytes. */
  readonly bits: number;
}

const UNITS: readonly SizeUnit[] = [
  { name: 'bytes', limit: 10n * 1024n, round: false, bits: 0 },
  { name: 'kB', limit: 20n * 1024n - 1n, round: true, bits: 10 },
  { name: 'MB', limit: 20n * 1024n - 1n, round: true, bits: 20 },
  { name: 'GB', limit: 20n * 1024n - 1n, round: true, bits: 30 },
  { name: 'TB', limit: 20n * 1024n - 1n, round: true, bits: 40 },
  { name: 'PB', limit: 20n * 1024n - 1n, round: true, bits: 50 },
];

const abs = (value: bigint): bigint => (value < 0n ? -value : value);
const halfRounded = (value: bigint): bigint => (value + (value < 0n ? -1n : 1n)) / 2n;

/** The bits to drop when moving from unit `index` to the next: one is kept back for the next unit's rounding. */
function shift(index: number): bigint {
  const unit = UNITS[index]!;
  const next = UNITS[index + 1]!;
  return BigInt(next.bits - unit.bits - (next.round ? 1 : 0) + (unit.round ? 1 : 0));
}

/** pg_size_pretty(bigint); bigint division truncates toward zero, as C's does. */
export function sizePretty(bytes: bigint): string {
  let size = bytes;
  for (let index = 0; ; index++) {
    const unit = UNITS[index]!;
    if (index === UNITS.length - 1 || abs(size) < unit.limit) return `${unit.round ? halfRounded(size) : size} ${unit.name}`;
    size /= 1n << shift(index);
  }
}

/**
 * pg_size_pretty(numeric): a size below 10240 bytes keeps its digits (`1.5 bytes`); a larger one is divided with
 * truncation to an integer, so it continues as the bigint form does, without bigint's range. NaN and the infinities
 * are past every limit and end in PB, as in PostgreSQL.
 */
export function numericSizePretty(bytes: Numeric): string {
  if (bytes.isSpecial()) return `${bytes.toString()} PB`;
  if (bytes.abs().compare(Numeric.fromBigInt(UNITS[0]!.limit)) < 0) return `${bytes.toString()} bytes`;
  return sizePretty(bytes.trunc().toBigInt());
}

export const SIZE_PRETTY_FUNCTIONS: readonly SystemFunction[] = [
  { name: 'pg_size_pretty', params: ['int8'], returns: 'varchar', impl: () => (bytes: Value) => sizePretty(bytes as bigint) },
  { name: 'pg_size_pretty', params: ['numeric'], returns: 'varchar', impl: () => (bytes: Value) => numericSizePretty(bytes as Numeric) },
];
