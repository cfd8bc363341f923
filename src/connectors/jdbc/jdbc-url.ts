// JDBC URLs of PostgreSQL and MySQL/MariaDB ('jdbc:postgresql://host:5432/db?user=u&password=p') read into parts.
import { SqlError } from '../../types/error.js';
import { maskPasswords } from '../../sql/secret-mask.js';

/** The database servers a JDBC sink writes to. */
export type JdbcDialect = 'postgres' | 'mysql';

/** Where a JDBC URL points, with the credentials and parameters it carries. */
export interface JdbcUrl {
  readonly dialect: JdbcDialect;
  readonly host: string;
  readonly port: number;
  /** Empty when the URL names none (PostgreSQL then uses the user name; MySQL needs a qualified table). */
  readonly database: string;
  readonly user?: string;
  readonly password?: string;
  /** The query parameters other than user and password, by name (later ones win). */
  readonly parameters: ReadonlyMap<string, string>;
}

const DIALECTS: ReadonlyMap<string, JdbcDialect> = new Map([
  ['postgresql', 'postgres'],
  ['mysql', 'mysql'],
  ['mariadb', 'mysql'],
]);

const DEFAULT_PORTS: Record<JdbcDialect, number> = { postgres: 5432, mysql: 3306 };

const URL_FORM = /^jdbc:([a-z0-9]+):\/\/(.*)$/is;
/** pgjdbc's short forms without a host: 'jdbc:postgresql:db' and 'jdbc:postgresql:/' (localhost). */
const POSTGRES_SHORT_FORM = /^jdbc:postgresql:(?!\/\/)\/?([^?/]*)(\?.*)?$/is;
const MAX_PORT = 65535;

const SUPPORTED_HINT = "Use 'jdbc:postgresql://host:port/database' or 'jdbc:mysql://host:port/database' (MariaDB too).";

function invalidUrl(optionName: string, url: string, detail: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${optionName}": "${maskPasswords(url)}"`, {
    detail,
    hint: SUPPORTED_HINT,
  });
}

function decode(text: string, optionName: string, url: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidUrl(optionName, url, 'The URL has a malformed percent-encoding.');
  }
}

/** Query parameters of the URL; `user` and `password` are taken out. */
function parametersOf(search: URLSearchParams): { user?: string; password?: string; parameters: Map<string, string> } {
  const parameters = new Map<string, string>();
  for (const [name, value] of search) parameters.set(name, value);
  const user = parameters.get('user');
  const password = parameters.get('password');
  parameters.delete('user');
  parameters.delete('password');
  return { ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}), parameters };
}

function parseShortPostgresForm(url: string, optionName: string): JdbcUrl | undefined {
  const short = POSTGRES_SHORT_FORM.exec(url);
  if (!short) return undefined;
  const rest = parametersOf(new URLSearchParams(short[2]?.slice(1) ?? ''));
  return { dialect: 'postgres', host: 'localhost', port: DEFAULT_PORTS.postgres, database: decode(short[1] ?? '', optionName, url), ...rest };
}

/**
 * Reads a JDBC URL of PostgreSQL (`jdbc:postgresql://`), MySQL (`jdbc:mysql://`) or MariaDB (`jdbc:mariadb://`):
 * host (a name, IPv4 or bracketed IPv6), optional port (5432 / 3306), optional database, query parameters
 * (`user`, `password` and others, percent-decoded) and, as MySQL's driver allows, `user:password@` before the
 * host. Throws SqlError naming `optionName` (the password masked) for any other form.
 */
export function parseJdbcUrl(url: string, optionName: string): JdbcUrl {
  const text = url.trim();
  const short = parseShortPostgresForm(text, optionName);
  if (short) return short;
  const match = URL_FORM.exec(text);
  if (!match) throw invalidUrl(optionName, url, 'A JDBC URL starts with "jdbc:", the driver name and "//".');
  const dialect = DIALECTS.get(match[1]!.toLowerCase());
  if (!dialect) {
    throw new SqlError('feature_not_supported', `JDBC URL scheme "jdbc:${match[1]}" is not supported`, { hint: SUPPORTED_HINT });
  }
  let parsed: URL;
  try {
    // A scheme without special rules keeps the host, port, path and query as written.
    parsed = new URL(`tally-jdbc://${match[2]}`);
  } catch {
    throw invalidUrl(optionName, url, 'The host, port or path cannot be read.');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '' || host.includes(',')) {
    throw invalidUrl(optionName, url, host === '' ? 'The URL names no host.' : 'Tally connects to one host; the URL names several.');
  }
  const port = parsed.port === '' ? DEFAULT_PORTS[dialect] : Number(parsed.port);
  if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) throw invalidUrl(optionName, url, 'The port is not between 1 and 65535.');
  const path = parsed.pathname.replace(/^\//, '');
  if (path.includes('/')) throw invalidUrl(optionName, url, 'The path after the host must be one database name.');
  const rest = parametersOf(parsed.searchParams);
  const user = rest.user ?? (parsed.username !== '' ? decode(parsed.username, optionName, url) : undefined);
  const password = rest.password ?? (parsed.password !== '' ? decode(parsed.password, optionName, url) : undefined);
  return {
    dialect,
    host,
    port,
    database: decode(path, optionName, url),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    parameters: rest.parameters,
  };
}
