// The WITH options of a JDBC sink under RisingWave's names (seeds 000, 001) and Flink's (seed 003), checked.
import type { SinkSpec } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import { jdbcFlushSettings } from './flush-settings.js';
import { parseJdbcUrl, type JdbcUrl } from './jdbc-url.js';

/** Where and how a JDBC sink writes, checked once from its spec. */
export interface JdbcSinkSettings {
  readonly url: JdbcUrl;
  /** The user and password to connect with: options override the URL's. */
  readonly user?: string;
  readonly password?: string;
  /** PostgreSQL schema or MySQL database holding the table; undefined: the connection's default. */
  readonly schema?: string;
  readonly table: string;
  readonly type: 'upsert' | 'append-only';
  /** Indexes into the spec's columns of the key that upserts and deletes match rows by (upsert sinks). */
  readonly key: readonly number[];
  /** `table.create_if_missing = 'true'`: create the target table when it does not exist. */
  readonly createIfMissing: boolean;
  readonly connectTimeoutMs: number;
}

type Options = ReadonlyMap<string, string>;

/** The names each option goes by, first match wins: RisingWave's, Flink's legacy `connector.*`, Flink's current. */
const URL_OPTION = ['jdbc.url', 'connector.url', 'url'];
const TABLE = ['table.name', 'connector.table', 'table-name'];
const USER = ['user', 'connector.username', 'username'];
const PASSWORD = ['password', 'connector.password'];
const SCHEMA = ['schema.name'];
const TYPE = ['type'];
const PRIMARY_KEY = ['primary_key'];
const CREATE_IF_MISSING = ['table.create_if_missing'];

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([['true', true], ['false', false]]);

function option(options: Options, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = options.get(name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

function required(options: Options, names: readonly string[], hint: string): { name: string; value: string } {
  const given = option(options, names);
  if (!given || given.value.trim() === '') {
    throw new SqlError('invalid_parameter_value', `missing option "${names[0]}" for connector "jdbc"`, { hint });
  }
  return given;
}

/** `schema.table` or `table`; a separate `schema.name` names the schema of an unqualified table. */
function tableOf(options: Options): { schema?: string; table: string } {
  const given = required(options, TABLE, "Add table.name = 'target_table' (Flink: connector.table).");
  const parts = given.value.trim().split('.');
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw invalidValue(given.name, given.value, "Give a table name, optionally qualified by its schema: 'public.gmv'.");
  }
  const schemaOption = option(options, SCHEMA)?.value.trim();
  const schema = parts.length === 2 ? parts[0]! : schemaOption !== undefined && schemaOption !== '' ? schemaOption : undefined;
  return { ...(schema !== undefined ? { schema } : {}), table: parts[parts.length - 1]! };
}

function typeOf(options: Options, spec: SinkSpec): 'upsert' | 'append-only' {
  const given = option(options, TYPE);
  if (!given) return spec.type;
  const type = given.value.trim().toLowerCase();
  if (type !== 'upsert' && type !== 'append-only') throw invalidValue(given.name, given.value, "Use 'upsert' or 'append-only'.");
  return type;
}

/** `primary_key = 'a,b'` names the key; without it the spec's key (Flink: PRIMARY KEY ... NOT ENFORCED) is used. */
function keyOf(options: Options, spec: SinkSpec, type: 'upsert' | 'append-only'): number[] {
  const given = option(options, PRIMARY_KEY);
  let key: number[];
  if (given) {
    const names = given.value.split(',').map((name) => name.trim());
    if (names.some((name) => name === '')) throw invalidValue(given.name, given.value, "Give column names separated by commas: 'a,b'.");
    key = names.map((name) => {
      const index = spec.columns.findIndex((column) => column.name === name);
      if (index < 0) {
        throw new SqlError('undefined_column', `primary key column "${name}" does not exist in sink "${spec.name}"`, {
          detail: `The sink's columns are ${spec.columns.map((column) => `"${column.name}"`).join(', ')}.`,
        });
      }
      return index;
    });
    if (new Set(key).size !== key.length) throw invalidValue(given.name, given.value, 'Name each column once.');
  } else {
    key = [...spec.primaryKey];
  }
  if (type === 'upsert' && key.length === 0) {
    throw new SqlError('invalid_parameter_value', `upsert sink "${spec.name}" needs a primary key`, {
      hint: "Add primary_key = 'col1,col2' to the WITH options (Flink: PRIMARY KEY (...) NOT ENFORCED), or set type = 'append-only'.",
    });
  }
  return key;
}

function createIfMissingOf(options: Options): boolean {
  const given = option(options, CREATE_IF_MISSING);
  if (!given) return false;
  const value = BOOLEANS.get(given.value.trim().toLowerCase());
  if (value === undefined) throw invalidValue(given.name, given.value, "Use 'true' or 'false'.");
  return value;
}

/** pgjdbc's `connectTimeout` is in seconds, MySQL Connector/J's in milliseconds. */
function connectTimeoutOf(url: JdbcUrl): number {
  const text = url.parameters.get('connectTimeout');
  if (text === undefined || !/^\d+$/.test(text.trim())) return DEFAULT_CONNECT_TIMEOUT_MS;
  const value = Number(text);
  if (value === 0) return DEFAULT_CONNECT_TIMEOUT_MS;
  return url.dialect === 'postgres' ? value * 1000 : value;
}

/**
 * Reads and checks a JDBC sink's options: `jdbc.url` (Flink: `connector.url`), `user` and `password`
 * (`connector.username`, `connector.password`; they override the URL's), `table.name` (`connector.table`;
 * may be `schema.table`), `schema.name`, `type` ('upsert' or 'append-only'; default the spec's), `primary_key`
 * ('a,b'; default the spec's key), `table.create_if_missing` ('true' or 'false'), and the flush options
 * (`jdbcFlushSettings`). Other options (`connector.driver`, ...) are ignored. Called at CREATE and at open;
 * throws SqlError naming the missing or bad option, with any password masked.
 */
export function jdbcSinkSettings(spec: SinkSpec): JdbcSinkSettings {
  const options = spec.options;
  const urlOption = required(options, URL_OPTION, "Add jdbc.url = 'jdbc:postgresql://host:5432/db' (or 'jdbc:mysql://host:3306/db').");
  const url = parseJdbcUrl(urlOption.value, urlOption.name);
  const user = option(options, USER)?.value ?? url.user;
  const password = option(options, PASSWORD)?.value ?? url.password;
  const { schema, table } = tableOf(options);
  const effectiveSchema = schema ?? (url.dialect === 'postgres' ? url.parameters.get('currentSchema') : undefined);
  if (url.dialect === 'mysql' && url.database === '' && effectiveSchema === undefined) {
    throw new SqlError('invalid_parameter_value', `option "${urlOption.name}" names no database for table "${table}"`, {
      hint: "Give the database in the URL ('jdbc:mysql://host:3306/db') or qualify the table ('db.table').",
    });
  }
  const type = typeOf(options, spec);
  jdbcFlushSettings(options);
  return {
    url,
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(effectiveSchema !== undefined ? { schema: effectiveSchema } : {}),
    table,
    type,
    key: keyOf(options, spec, type),
    createIfMissing: createIfMissingOf(options),
    connectTimeoutMs: connectTimeoutOf(url),
  };
}
