// Why an SMTP exchange failed, in words for SHOW, logs and the sink's last error: the server's reply, a timeout, TLS.
import { maskPasswords } from '../../sql/secret-mask.js';

/** What nodemailer puts on its errors. */
interface SmtpError {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly response?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
}

/** The secrets that must not show in a message: the password, and its base64 forms that AUTH PLAIN/LOGIN send. */
export function loginSecrets(login: { readonly user: string; readonly password: string } | undefined): string[] {
  if (login === undefined) return [];
  const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  return [login.password, base64(login.password), base64(`\0${login.user}\0${login.password}`)];
}

/** A reply's class: 4xx replies are temporary (RFC 5321), 5xx ones are repeated until the options or server change. */
function replyClass(code: number): string {
  if (code >= 500) return 'a permanent failure: retrying will not help until the options or the server change';
  return 'a temporary failure';
}

/** One line of the server's reply or error text. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function describe(err: SmtpError, timeoutMs: number): string {
  const message = oneLine(typeof err.message === 'string' ? err.message : String(err));
  const response = typeof err.response === 'string' ? oneLine(err.response) : undefined;
  const command = typeof err.command === 'string' && err.command !== 'CONN' ? err.command : undefined;
  if (err.code === 'ETIMEDOUT') return `no answer within ${timeoutMs} ms (${message.replace(/\.$/, '')})`;
  if (err.code === 'EAUTH') return `login refused: ${response ?? message} (check smtp.user and smtp.password)`;
  if (typeof err.responseCode === 'number' && response !== undefined) {
    return `${command ?? 'the server'} refused: ${response} (${replyClass(err.responseCode)})`;
  }
  if (err.originalCode === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return "TLS handshake failed: the server does not speak TLS on this port (smtp.secure = 'true' needs the server's TLS port, usually 465)";
  }
  if (typeof err.originalCode === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(err.originalCode)) {
    return `${message} (the server's certificate is not trusted; smtp.tls.verify = 'false' accepts it)`;
  }
  return message.replace(/\.$/, '');
}

/** The reason of a failed connection, login or message, with the password masked wherever it might appear. */
export function smtpFailure(err: unknown, timeoutMs: number, secrets: readonly string[]): string {
  const details = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpError;
  return maskPasswords(describe(details, timeoutMs), secrets);
}

/** The recipients a server refused while accepting the message for others, with its replies. */
export function refusedRecipients(rejected: readonly string[], errors: readonly unknown[] | undefined, secrets: readonly string[]): string {
  const replies = rejected.map((address, index) => {
    const response = (errors?.[index] as SmtpError | undefined)?.response;
    return typeof response === 'string' ? `${address} (${oneLine(response)})` : address;
  });
  return maskPasswords(`the server refused recipient${rejected.length === 1 ? '' : 's'} ${replies.join(', ')}`, secrets);
}
