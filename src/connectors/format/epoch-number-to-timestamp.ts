// Integer epoch times (seconds, milliseconds, microseconds or nanoseconds) as timestamp values.
import { MAX_TIMESTAMP_MICROS, MIN_TIMESTAMP_MICROS } from '../../types/calendar.js';
import { SqlError } from '../../types/error.js';

const E11 = 100_000_000_000n;
const E14 = 100_000_000_000_000n;
const E17 = 100_000_000_000_000_000n;

/**
 * The timestamp (microseconds since 1970) of an integer literal read as epoch time. The unit is guessed from the
 * magnitude, as RisingWave does for JSON numbers: below 1e11 seconds, below 1e14 milliseconds, below 1e17
 * microseconds (Debezium's MicroTimestamp), else nanoseconds. Called by decoders for integers in timestamp columns.
 */
export function epochNumberToTimestamp(literal: string): bigint {
  const value = BigInt(literal);
  const magnitude = value < 0n ? -value : value;
  let micros: bigint;
  if (magnitude < E11) micros = value * 1_000_000n;
  else if (magnitude < E14) micros = value * 1_000n;
  else if (magnitude < E17) micros = value;
  else micros = value / 1_000n;
  if (micros > MAX_TIMESTAMP_MICROS || micros < MIN_TIMESTAMP_MICROS) {
    throw new SqlError('datetime_field_overflow', `timestamp out of range: "${literal}"`);
  }
  return micros;
}
