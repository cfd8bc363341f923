// Hides secrets — passwords, tokens, keys in WITH options and in URLs — in SQL text and in messages about it.
import { SqlError } from '../types/error.js';
import type { Dialect } from './dialect.js';
import { tokenize } from './lexer.js';
import { quoteString } from './print-expr.js';
import type { Token } from './token.js';

/** What a secret is shown as. */
export const SECRET_MASK = '***';

/** `password=...` in a URL query or an option list, up to the next separator. */
const PASSWORD_PARAMETER = /(password\s*=\s*)[^&;\s'"]*/gi;
/** `//user:password@host` in a URL. */
const USER_INFO = /(\/\/[^/:@\s]*:)[^@\s/]*@/g;
/** Shorter literal secrets are not searched for: replacing every "a" would garble the message and hide nothing. */
const MIN_LITERAL_LENGTH = 3;

/**
 * Option keys whose values are secrets (`password`, `connector.password`, `properties.sasl.password`,
 * `properties.sasl.jaas.config`, `s3.credentials.secret`, `aws.credentials.secret_access_key`, `api_key`, ...).
 */
const SECRET_KEY = /passw(or)?d|secret|token|credential|jaas|private[._]?key|access[._]?key|api[._]?key|signing[._]?key/i;

/** Whether a WITH option's key names a secret (matched on the whole dotted key). */
export const isSecretOptionKey = (key: string): boolean => SECRET_KEY.test(key);

/**
 * The text with every password shown as `***`: `password=` parameters, `user:password@` in URLs, and each of
 * `secrets` wherever it appears verbatim.
 */
export function maskPasswords(text: string, secrets: readonly (string | undefined)[] = []): string {
  let masked = text.replace(PASSWORD_PARAMETER, `$1${SECRET_MASK}`).replace(USER_INFO, `$1${SECRET_MASK}@`);
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_LITERAL_LENGTH) masked = masked.split(secret).join(SECRET_MASK);
  }
  return masked;
}

/**
 * SQL text as it may be shown (SHOW CREATE, catalog queries, logs): the string literal of each secret option
 * (`password = '...'`, `PASSWORD '...'` of CREATE USER) becomes `'***'` and passwords inside other literals
 * (`jdbc.url = '...?password=...'`) are masked; everything else keeps its spelling and layout.
 */
export function maskStatementSecrets(sql: string, dialect: Dialect = 'postgres'): string {
  const tokens = tokensOf(sql, dialect);
  if (!tokens) return maskPasswords(sql, fallbackSecrets(sql));
  let out = '';
  let copied = 0;
  tokens.forEach((token, index) => {
    const replacement = maskedToken(tokens, index);
    if (replacement === undefined) return;
    out += sql.slice(copied, token.start) + replacement;
    copied = token.end;
  });
  return out + sql.slice(copied);
}

/** The secret values a statement's text holds (whole literals of secret options, passwords inside URLs). */
export function statementSecrets(sql: string, dialect: Dialect = 'postgres'): string[] {
  const tokens = tokensOf(sql, dialect);
  if (!tokens) return fallbackSecrets(sql);
  const secrets: string[] = [];
  tokens.forEach((token, index) => {
    if (!isValueToken(tokens, index)) return;
    if (isSecretLiteral(tokens, index)) secrets.push(token.value);
    else for (const match of token.value.matchAll(/password\s*=\s*([^&;\s'"]+)|\/\/[^/:@\s]*:([^@\s/]+)@/gi)) secrets.push(match[1] ?? match[2]!);
  });
  return secrets;
}

/**
 * `err` with the secrets of the statement `sql` masked in its message, detail and hint; other errors and
 * errors that show no secret are returned as they are. Applied to every error a statement raises.
 */
export function maskErrorSecrets(err: unknown, sql: string, dialect: Dialect = 'postgres'): unknown {
  if (!(err instanceof SqlError)) return err;
  const secrets = statementSecrets(sql, dialect);
  const mask = (text: string | undefined): string | undefined => (text === undefined ? undefined : maskPasswords(text, secrets));
  const message = mask(err.message)!;
  const detail = mask(err.detail);
  const hint = mask(err.hint);
  if (message === err.message && detail === err.detail && hint === err.hint) return err;
  return new SqlError(err.condition, message, { detail, hint, position: err.position });
}

function tokensOf(sql: string, dialect: Dialect): Token[] | undefined {
  try {
    return tokenize(sql, dialect);
  } catch {
    return undefined;
  }
}

/**
 * Whether the token at `index` can hold a value: a string literal, or a double-quoted token after `=` (a Flink
 * string, which the PostgreSQL dialect reads as a quoted name).
 */
function isValueToken(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]!;
  if (token.kind === 'string') return true;
  const before = tokens[index - 1];
  return token.kind === 'quoted' && token.quote === '"' && before?.kind === 'operator' && before.value === '=';
}

/** The text to show in place of the token at `index`, or undefined to show it as it is. */
function maskedToken(tokens: readonly Token[], index: number): string | undefined {
  if (!isValueToken(tokens, index)) return undefined;
  const token = tokens[index]!;
  const quote = (text: string): string => (token.kind === 'quoted' ? `"${text.replaceAll('"', '""')}"` : quoteString(text));
  if (isSecretLiteral(tokens, index)) return quote(SECRET_MASK);
  const masked = maskPasswords(token.value);
  return masked === token.value ? undefined : quote(masked);
}

/** Whether the string literal at `index` is the value of a secret: `key = 'v'` with a secret key, or `PASSWORD 'v'`. */
function isSecretLiteral(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1];
  if (before?.kind === 'word' && (before.value === 'password' || before.value === 'token')) return true;
  if (before?.kind !== 'operator' || before.value !== '=') return false;
  const key = optionKeyBefore(tokens, index - 1);
  return key !== undefined && isSecretOptionKey(key);
}

/** The dotted option key ending just before `index` (`properties.sasl.jaas.config`), if there is one. */
function optionKeyBefore(tokens: readonly Token[], index: number): string | undefined {
  const isName = (token: Token | undefined): boolean => token !== undefined && (token.kind === 'word' || token.kind === 'quoted' || token.kind === 'string');
  let at = index - 1;
  if (!isName(tokens[at])) return undefined;
  const parts = [tokens[at]!.value];
  while (tokens[at - 1]?.kind === 'punct' && tokens[at - 1]!.value === '.' && isName(tokens[at - 2])) {
    at -= 2;
    parts.unshift(tokens[at]!.value);
  }
  return parts.join('.');
}

/** Secrets of text that does not even tokenize (an unterminated literal): quoted values after secret-looking keys. */
function fallbackSecrets(sql: string): string[] {
  const secrets: string[] = [];
  for (const match of sql.matchAll(/([\w.]+)["'`]?\s*=?\s*'([^']*)'?/g)) if (isSecretOptionKey(match[1]!)) secrets.push(match[2]!);
  return secrets;
}
