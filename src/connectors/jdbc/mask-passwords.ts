// Hides passwords in text that leaves a JDBC sink: error messages, logs, SHOW output.

/** `password=...` in a URL query or an option list, up to the next separator. */
const PASSWORD_PARAMETER = /(password\s*=\s*)[^&;\s'"]*/gi;
/** `//user:password@host` in a URL. */
const USER_INFO = /(\/\/[^/:@\s]*:)[^@\s/]*@/g;
/** Shorter literal passwords are not searched for: replacing every "a" would garble the message and hide nothing. */
const MIN_LITERAL_LENGTH = 3;

const MASK = '***';

/**
 * The text with every password shown as `***`: `password=` parameters, `user:password@` in URLs, and each of
 * `secrets` (the passwords a sink knows) wherever it appears verbatim.
 */
export function maskPasswords(text: string, secrets: readonly (string | undefined)[] = []): string {
  let masked = text.replace(PASSWORD_PARAMETER, `$1${MASK}`).replace(USER_INFO, `$1${MASK}@`);
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_LITERAL_LENGTH) masked = masked.split(secret).join(MASK);
  }
  return masked;
}
