// One connection's configuration parameters (SET / RESET / SHOW), and the ones reported by ParameterStatus.
import { SqlError } from '../../types/error.js';
import { resolveTimeZone } from '../../types/time-zone.js';
import { formatStatementTimeout, parseStatementTimeout } from './statement-timeout.js';

/**
 * Parameters PostgreSQL reports to the client whenever they change (GUC_REPORT), in the order of its startup
 * report, spelled as ParameterStatus spells them.
 */
export const REPORTED_PARAMETERS: readonly string[] = [
  'application_name', 'client_encoding', 'DateStyle', 'default_transaction_read_only', 'in_hot_standby', 'integer_datetimes',
  'IntervalStyle', 'is_superuser', 'server_encoding', 'server_version', 'session_authorization', 'standard_conforming_strings', 'TimeZone',
];

const REPORTED: ReadonlyMap<string, string> = new Map(REPORTED_PARAMETERS.map((name) => [name.toLowerCase(), name]));

/** How PostgreSQL spells a parameter's name in ParameterStatus and as SHOW's column (`TimeZone`), else as given. */
export const canonicalName = (name: string): string => REPORTED.get(name.toLowerCase()) ?? name;

/** Client encodings Tally's UTF-8 text can go to unconverted (SQL_ASCII clients take the bytes as they are). */
const PASS_THROUGH_ENCODINGS: ReadonlyMap<string, string> = new Map([
  ['utf8', 'UTF8'],
  ['utf-8', 'UTF8'],
  ['unicode', 'UTF8'],
  ['sql_ascii', 'SQL_ASCII'],
]);

/** Words of DateStyle the engine follows: it writes ISO dates and reads ambiguous ones month first. */
const DATE_STYLE_WORDS: ReadonlySet<string> = new Set(['iso', 'default', 'mdy', 'us', 'noneuropean']);

/**
 * A connection's settings: SET changes only this connection, as in PostgreSQL. Values set in the startup
 * message are what RESET returns to; parameters never set fall through to `defaults` (the server's values).
 */
export class SessionSettings {
  private readonly startup = new Map<string, string>();
  private current = new Map<string, string>();
  /** What the client was last told of each reported parameter (by ParameterStatus name). */
  private readonly reported = new Map<string, string>();

  constructor(private readonly defaults: (name: string) => string | undefined) {}

  /** Settings of the startup message (and of its `options`), validated like SET. */
  setStartupValue(name: string, value: string): void {
    const key = name.toLowerCase();
    const normalized = normalizeValue(key, value);
    this.startup.set(key, normalized);
    this.current.set(key, normalized);
  }

  /** The current value: this connection's, else the default; undefined for a parameter neither knows. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.current.get(key) ?? this.defaults(key);
  }

  /** SET (a value) or RESET / SET TO DEFAULT (undefined); `RESET ALL` is the name `all`. */
  set(name: string, value: string | undefined): void {
    const key = name.toLowerCase();
    if (key === 'all' && value === undefined) {
      this.current = new Map(this.startup);
      return;
    }
    const next = value === undefined ? this.startup.get(key) : normalizeValue(key, value);
    if (next === undefined) this.current.delete(key);
    else this.current.set(key, next);
  }

  /** The current values, for `restore` (SET LOCAL lasts until the end of the transaction block). */
  snapshot(): ReadonlyMap<string, string> {
    return new Map(this.current);
  }

  restore(snapshot: ReadonlyMap<string, string>): void {
    this.current = new Map(snapshot);
  }

  /**
   * The reported parameters whose value differs from what the client was last told, as [name, value] pairs in
   * `names` order, now counted as told. PostgreSQL reports them before ReadyForQuery, so a value set and set
   * back within one query is not reported.
   */
  unreported(names: readonly string[] = [...REPORTED.values()]): [string, string][] {
    const changes: [string, string][] = [];
    for (const name of names) {
      const value = this.get(name);
      if (value === undefined || this.reported.get(name) === value) continue;
      this.reported.set(name, value);
      changes.push([name, value]);
    }
    return changes;
  }
}

/** Checks values the engine cannot honour and normalizes the spelling PostgreSQL reports. */
function normalizeValue(key: string, value: string): string {
  switch (key) {
    case 'client_encoding': {
      const encoding = PASS_THROUGH_ENCODINGS.get(value.trim().toLowerCase());
      if (encoding === undefined) throw new SqlError('feature_not_supported', `conversion between ${value} and UTF8 is not supported`);
      return encoding;
    }
    case 'datestyle':
      return normalizeDateStyle(value);
    case 'statement_timeout':
      return formatStatementTimeout(parseStatementTimeout(value));
    case 'timezone':
      try {
        resolveTimeZone(value);
      } catch {
        throw new SqlError('invalid_parameter_value', `invalid value for parameter "TimeZone": "${value}"`);
      }
      return value;
    default:
      return value;
  }
}

/** `ISO`, `ISO, MDY`, `MDY, ISO` become `ISO, MDY`; other styles and orders are refused rather than ignored. */
function normalizeDateStyle(value: string): string {
  for (const word of value.split(/[\s,]+/)) {
    if (word === '' || DATE_STYLE_WORDS.has(word.toLowerCase())) continue;
    throw new SqlError('feature_not_supported', `DateStyle "${word}" is not supported`, { hint: 'Tally writes dates in the ISO style and reads them month first (MDY).' });
  }
  return 'ISO, MDY';
}
