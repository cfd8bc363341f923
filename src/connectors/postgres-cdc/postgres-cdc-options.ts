// The WITH options of a postgres-cdc table, under RisingWave's names.
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';

/** Where the upstream server is and how to log in. */
export interface UpstreamServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** `ssl.mode = 'required'`: TLS without certificate checks, as libpq's sslmode=require. */
  readonly ssl: boolean;
}

/** What a postgres-cdc table reads, checked once from its options. */
export interface PostgresCdcSettings {
  readonly server: UpstreamServer;
  readonly schema: string;
  readonly table: string;
  readonly slotName: string;
  readonly publicationName: string;
  /** Whether a missing publication is created (or the table added to it): `publication.create.enable`. */
  readonly createPublication: boolean;
}

/** Tally's publication when `publication.name` is not given (RisingWave's is `rw_publication`). */
export const DEFAULT_PUBLICATION = 'tally_publication';

/** PostgreSQL's rule for replication slot names: lower-case letters, digits and underscores, at most 63. */
const SLOT_NAME = /^[a-z0-9_]{1,63}$/;
const PORT = /^\d{1,5}$/;
const MAX_IDENTIFIER = 63;

type Options = ReadonlyMap<string, string>;

function missing(name: string): SqlError {
  return new SqlError('invalid_parameter_value', `missing option "${name}" for connector "postgres-cdc"`, {
    hint: "Add WITH (connector = 'postgres-cdc', hostname = '...', port = '5432', username = '...', password = '...', database.name = '...', table.name = '...').",
  });
}

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

function required(options: Options, name: string): string {
  const value = options.get(name)?.trim();
  if (value === undefined || value === '') throw missing(name);
  return value;
}

function identifier(options: Options, name: string, fallback?: string): string {
  const value = options.get(name) ?? fallback;
  if (value === undefined || value === '') throw missing(name);
  if (value.length > MAX_IDENTIFIER) throw invalidValue(name, value, `PostgreSQL names are at most ${MAX_IDENTIFIER} characters.`);
  return value;
}

function portOf(options: Options): number {
  const text = options.get('port')?.trim() ?? '5432';
  const port = Number(text);
  if (!PORT.test(text) || port < 1 || port > 65535) throw invalidValue('port', text, 'Give a TCP port number.');
  return port;
}

function sslOf(options: Options): boolean {
  const mode = (options.get('ssl.mode') ?? 'disabled').trim().toLowerCase();
  if (mode === 'disabled' || mode === 'disable') return false;
  if (mode === 'required' || mode === 'require') return true;
  throw new SqlError('feature_not_supported', `ssl.mode "${mode}" is not supported for connector "postgres-cdc"`, {
    hint: "Use 'disabled' or 'required' (TLS without certificate checks).",
  });
}

/** The slot named by the options, else one named after the Tally table: stable across restarts. */
function slotNameOf(options: Options, relation: string): string {
  const given = options.get('slot.name');
  if (given !== undefined) {
    if (!SLOT_NAME.test(given)) throw invalidValue('slot.name', given, 'Replication slot names use lower-case letters, digits and underscores, at most 63 characters.');
    return given;
  }
  return `tally_${relation.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, MAX_IDENTIFIER);
}

function booleanOf(options: Options, name: string, fallback: boolean): boolean {
  const text = options.get(name);
  if (text === undefined) return fallback;
  const value = text.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidValue(name, text, "Use 'true' or 'false'.");
}

/**
 * Reads and checks a postgres-cdc table's options: `hostname`, `port` (default 5432), `username`, `password`,
 * `database.name`, `schema.name` (default public), `table.name`, `slot.name` (default `tally_<table>`),
 * `publication.name` (default tally_publication), `publication.create.enable` (default true), `ssl.mode`
 * ('disabled' or 'required'). Throws SqlError naming the missing or bad option.
 */
export function postgresCdcSettings(spec: SourceSpec): PostgresCdcSettings {
  const options = spec.options;
  const password = options.get('password');
  return {
    server: {
      host: required(options, 'hostname'),
      port: portOf(options),
      user: required(options, 'username'),
      ...(password !== undefined && password !== '' ? { password } : {}),
      database: identifier(options, 'database.name'),
      ssl: sslOf(options),
    },
    schema: identifier(options, 'schema.name', 'public'),
    table: identifier(options, 'table.name'),
    slotName: slotNameOf(options, spec.name),
    publicationName: identifier(options, 'publication.name', DEFAULT_PUBLICATION),
    createPublication: booleanOf(options, 'publication.create.enable', true),
  };
}
