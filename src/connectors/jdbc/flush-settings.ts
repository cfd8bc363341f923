// When a JDBC sink's buffered changes are written: Flink's flush options, read for the sink driver.
import { SqlError } from '../../types/error.js';

/** How much a sink buffers before it writes. A zero turns that trigger off (as in Flink). */
export interface FlushSettings {
  /** Write once this many changes are buffered. */
  readonly maxRows: number;
  /** Write changes buffered for this long. */
  readonly intervalMs: number;
}

/** Used when the options give none: Flink's legacy row default, and one second (Flink's current interval default). */
export const DEFAULT_FLUSH: FlushSettings = { maxRows: 5000, intervalMs: 1000 };

/** Option names, first match wins: Flink's legacy `connector.*` ones (seed 003), then its current ones. */
const MAX_ROWS = ['connector.write.flush.max-rows', 'sink.buffer-flush.max-rows'];
const INTERVAL = ['connector.write.flush.interval', 'sink.buffer-flush.interval'];

/** Flink's duration units (TimeUtils), in milliseconds; a bare number is milliseconds. */
const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['ms', 1], ['milli', 1], ['millis', 1], ['millisecond', 1], ['milliseconds', 1],
  ['s', 1000], ['sec', 1000], ['secs', 1000], ['second', 1000], ['seconds', 1000],
  ['m', 60_000], ['min', 60_000], ['mins', 60_000], ['minute', 60_000], ['minutes', 60_000],
  ['h', 3_600_000], ['hour', 3_600_000], ['hours', 3_600_000],
  ['d', 86_400_000], ['day', 86_400_000], ['days', 86_400_000],
]);

const DURATION = /^(\d+)\s*([a-z]*)$/;
const COUNT = /^\d+$/;

function option(options: ReadonlyMap<string, string>, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = options.get(name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

/** Flink's duration text ('1s', '500 ms', '2min', '1000') in milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const unit = match[2] === '' ? 1 : UNIT_MS.get(match[2]!);
  if (unit === undefined) return undefined;
  const ms = Number(match[1]) * unit;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * The flush triggers of a JDBC sink from its WITH options: `connector.write.flush.max-rows` and
 * `connector.write.flush.interval` (Flink legacy, seed 003) or `sink.buffer-flush.max-rows` and
 * `sink.buffer-flush.interval` (Flink current), each defaulting to DEFAULT_FLUSH. Called by the sink driver
 * when it starts a sink; throws SqlError naming a bad option.
 */
export function jdbcFlushSettings(options: ReadonlyMap<string, string>): FlushSettings {
  const maxRows = option(options, MAX_ROWS);
  const interval = option(options, INTERVAL);
  let rows = DEFAULT_FLUSH.maxRows;
  if (maxRows) {
    const text = maxRows.value.trim();
    if (!COUNT.test(text) || !Number.isSafeInteger(Number(text))) {
      throw invalidValue(maxRows.name, maxRows.value, 'Give a number of rows; 0 writes on the interval only.');
    }
    rows = Number(text);
  }
  let intervalMs = DEFAULT_FLUSH.intervalMs;
  if (interval) {
    const ms = parseDurationMs(interval.value);
    if (ms === undefined) throw invalidValue(interval.name, interval.value, "Give a duration such as '1s', '500ms' or '2min'; 0 writes on the row count only.");
    intervalMs = ms;
  }
  if (rows === 0 && intervalMs === 0) {
    throw new SqlError('invalid_parameter_value', `options "${maxRows?.name}" and "${interval?.name}" cannot both be 0`, {
      detail: 'With neither a row count nor an interval, the sink would never write.',
    });
  }
  return { maxRows: rows, intervalMs };
}
