// The WITH options of an email sink: SMTP server, TLS, login, sender and recipients, templates, rate limit, timeout.
import addressparser from 'nodemailer/lib/addressparser';
import type { SinkSpec } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';

/** How the connection is encrypted: STARTTLS when offered, STARTTLS or fail, never, or TLS from the first byte. */
export type SmtpTls = 'starttls-auto' | 'starttls-required' | 'none' | 'implicit';

/** An address of the message: `Ops <ops@example.com>` is name 'Ops', address 'ops@example.com'; name may be ''. */
export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** What an email sink sends and through which server, checked once from its options. */
export interface EmailSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: SmtpTls;
  /** Whether the server's certificate must be valid for its name (false for relays with self-signed ones). */
  readonly verifyCertificate: boolean;
  readonly login: { readonly user: string; readonly password: string } | undefined;
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  /** The subject and body templates; undefined: the built-in texts. */
  readonly subject: string | undefined;
  readonly body: string | undefined;
  /** Most messages sent in any 60 seconds; undefined: no limit. */
  readonly rateLimitPerMinute: number | undefined;
  /** Connecting, the server's greeting, and each later answer must come within this. */
  readonly timeoutMs: number;
}

/** The submission port (RFC 6409): where clients that log in send mail. Port 25 is for servers relaying to servers. */
const DEFAULT_PORT = 587;
/** SMTP over TLS from the first byte (RFC 8314). */
const IMPLICIT_TLS_PORT = 465;
/** Mail servers may scan a message before answering DATA: longer than an HTTP receiver needs. */
const DEFAULT_TIMEOUT_MS = 30_000;
const POSITIVE_INTEGER = /^[1-9]\d{0,8}$/;
const STARTTLS_MODES: Readonly<Record<string, SmtpTls>> = { auto: 'starttls-auto', required: 'starttls-required', disabled: 'none' };

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

function required(options: ReadonlyMap<string, string>, name: string, example: string): string {
  const given = options.get(name);
  if (given === undefined || given.trim() === '') {
    throw new SqlError('invalid_parameter_value', `missing option "${name}" for connector "email"`, { hint: `Add ${name} = ${example}.` });
  }
  return given.trim();
}

function positiveInteger(options: ReadonlyMap<string, string>, name: string, hint: string): number | undefined {
  const given = options.get(name);
  if (given === undefined) return undefined;
  if (!POSITIVE_INTEGER.test(given.trim())) throw invalidValue(name, given, hint);
  return Number(given.trim());
}

function booleanOption(options: ReadonlyMap<string, string>, name: string): boolean | undefined {
  const given = options.get(name);
  if (given === undefined) return undefined;
  const value = given.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') throw invalidValue(name, given, "Use 'true' or 'false'.");
  return value === 'true';
}

function hostOf(options: ReadonlyMap<string, string>): string {
  const host = required(options, 'smtp.host', "'smtp.example.com'");
  if (/[\s/@]/.test(host)) throw invalidValue('smtp.host', host, 'Give a host name or IP address, without scheme, user or port.');
  return host;
}

function portOf(options: ReadonlyMap<string, string>, secure: boolean | undefined): number {
  const port = positiveInteger(options, 'smtp.port', 'Give a TCP port, e.g. 587 (submission with STARTTLS) or 465 (TLS).');
  if (port !== undefined && port > 65_535) throw invalidValue('smtp.port', String(port), 'Give a TCP port, at most 65535.');
  return port ?? (secure ? IMPLICIT_TLS_PORT : DEFAULT_PORT);
}

/** `smtp.secure` (TLS from the start; by default on port 465 only) and `smtp.starttls` (the upgrade of a plain connection). */
function tlsOf(options: ReadonlyMap<string, string>, secure: boolean | undefined, port: number): SmtpTls {
  const implicit = secure ?? port === IMPLICIT_TLS_PORT;
  const given = options.get('smtp.starttls');
  if (given === undefined) return implicit ? 'implicit' : 'starttls-auto';
  if (implicit) {
    throw new SqlError('invalid_parameter_value', 'option "smtp.starttls" does not apply to a TLS connection (smtp.secure = \'true\' or port 465)', {
      hint: "Remove smtp.starttls, or set smtp.secure = 'false' to connect in plain text and upgrade with STARTTLS.",
    });
  }
  const mode = STARTTLS_MODES[given.trim().toLowerCase()];
  if (mode === undefined) throw invalidValue('smtp.starttls', given, "Use 'auto' (upgrade when the server offers it), 'required' or 'disabled'.");
  return mode;
}

/** `smtp.user` and `smtp.password`, both or neither. The password's value never goes into a message. */
function loginOf(options: ReadonlyMap<string, string>): EmailSettings['login'] {
  const user = options.get('smtp.user');
  const password = options.get('smtp.password');
  if (user === undefined && password === undefined) return undefined;
  if (user === undefined || user.trim() === '') {
    throw new SqlError('invalid_parameter_value', 'missing option "smtp.user" for connector "email"', { hint: 'smtp.password needs the user name it logs in with.' });
  }
  if (password === undefined) {
    throw new SqlError('invalid_parameter_value', 'missing option "smtp.password" for connector "email"', { hint: 'smtp.user needs its password.' });
  }
  return { user: user.trim(), password };
}

/** The addresses of an address option (`Ops <ops@example.com>, oncall@example.com`); groups give their members. */
function addressesOf(name: string, given: string): MailAddress[] {
  if (/[\r\n]/.test(given)) throw invalidValue(name, given, 'Addresses are one line.');
  const parsed = addressparser(given, { flatten: true });
  const addresses: MailAddress[] = [];
  for (const { name: display, address } of parsed) {
    if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(address)) {
      throw invalidValue(name, given, `"${address || display}" is not an email address; give addresses like ops@example.com, separated by commas.`);
    }
    addresses.push({ name: display, address });
  }
  if (addresses.length === 0) throw invalidValue(name, given, 'Give at least one address, like ops@example.com.');
  return addresses;
}

function templateOf(options: ReadonlyMap<string, string>, name: string): string | undefined {
  const given = options.get(name);
  if (given === undefined) return undefined;
  if (given.trim() === '') throw invalidValue(name, given, `Remove ${name} for the built-in text, or give a text with {{column}} and {{event}} placeholders.`);
  return given;
}

/**
 * Reads and checks an email sink's options: `smtp.host` (required), `smtp.port` (587, or 465 with TLS),
 * `smtp.secure` (TLS from the start; default true on port 465 only), `smtp.starttls` ('auto', the default,
 * 'required' or 'disabled'), `smtp.tls.verify` (default 'true'), `smtp.user` and `smtp.password`, `from` (one
 * address) and `to` (a comma list), `subject` and `body` templates, `rate_limit` (messages per minute) and
 * `timeout_ms` (default 30000). Throws SqlError naming the missing or bad option, never showing the password.
 */
export function emailSettings(spec: SinkSpec): EmailSettings {
  const { options } = spec;
  const secure = booleanOption(options, 'smtp.secure');
  const host = hostOf(options);
  const port = portOf(options, secure);
  const from = addressesOf('from', required(options, 'from', "'Tally alerts <alerts@example.com>'"));
  if (from.length > 1) throw invalidValue('from', options.get('from')!, 'Give one sender address.');
  return {
    host,
    port,
    tls: tlsOf(options, secure, port),
    verifyCertificate: booleanOption(options, 'smtp.tls.verify') ?? true,
    login: loginOf(options),
    from: from[0]!,
    to: addressesOf('to', required(options, 'to', "'oncall@example.com, ops@example.com'")),
    subject: templateOf(options, 'subject'),
    body: templateOf(options, 'body'),
    rateLimitPerMinute: positiveInteger(options, 'rate_limit', 'Give the most messages per minute, a positive integer.'),
    timeoutMs: positiveInteger(options, 'timeout_ms', 'Give milliseconds, a positive integer.') ?? DEFAULT_TIMEOUT_MS,
  };
}
