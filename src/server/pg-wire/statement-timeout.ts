// statement_timeout: PostgreSQL's setting, in its units, and the signal that stops a statement running past it.
import { SqlError } from '../../types/error.js';

/** PostgreSQL's time units for the setting, in milliseconds, largest first (SHOW uses the largest that fits). */
const UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/**
 * The timeout `value` sets, in milliseconds (0: none): a number of milliseconds, or a number with one of
 * PostgreSQL's units (`'5s'`, `'1.5min'`), as SET statement_timeout takes it.
 */
export function parseStatementTimeout(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? (match[2] === '' ? 1 : UNITS.find(([name]) => name === match[2])?.[1]) : undefined;
  if (!match || unit === undefined) {
    throw new SqlError('invalid_parameter_value', `invalid value for parameter "statement_timeout": "${value}"`, {
      hint: 'Valid units for this parameter are "ms", "s", "min", "h", and "d".',
    });
  }
  const ms = Math.round(Number(match[1]) * unit);
  if (ms > 2_147_483_647) throw new SqlError('invalid_parameter_value', `${ms} ms is outside the valid range for parameter "statement_timeout" (0 .. 2147483647)`);
  return ms;
}

/** The value as PostgreSQL's SHOW prints it: `0`, or in the largest unit that divides it (`5s`, `1500ms`). */
export function formatStatementTimeout(ms: number): string {
  if (ms === 0) return '0';
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0)!;
  return `${ms / size}${unit}`;
}

/**
 * Runs `run` with a signal that aborts when `signal` does or, with a timeout, after `timeoutMs` with
 * PostgreSQL's "canceling statement due to statement timeout".
 */
export async function withStatementTimeout<T>(signal: AbortSignal | undefined, timeoutMs: number, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (timeoutMs <= 0) return run(signal);
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => controller.abort(new SqlError('query_canceled', 'canceling statement due to statement timeout')), timeoutMs);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}
