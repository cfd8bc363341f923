// SCRAM-SHA-256 password verifiers in PostgreSQL's stored form: what the catalog keeps instead of a password.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** PostgreSQL's default scram_iterations. */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** The parts of a verifier: what a SCRAM exchange needs to check a client's proof, and nothing to log in with. */
export interface ScramSecret {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, base64 parts, as in pg_authid.rolpassword. */
const VERIFIER = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$/;

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

/**
 * The secret of `password` with `salt` (random by default). Passwords are normalized with NFKC, the part of
 * SASLprep that matters for passwords without unassigned or prohibited characters (PostgreSQL's clients agree).
 */
export function scramSecret(password: string, salt: Buffer = randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS): ScramSecret {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, KEY_BYTES, 'sha256');
  return { iterations, salt, storedKey: sha256(hmac(salted, 'Client Key')), serverKey: hmac(salted, 'Server Key') };
}

/** The stored text of a secret. */
export function formatScramVerifier(secret: ScramSecret): string {
  const b64 = (bytes: Buffer): string => bytes.toString('base64');
  return `SCRAM-SHA-256$${secret.iterations}:${b64(secret.salt)}$${b64(secret.storedKey)}:${b64(secret.serverKey)}`;
}

/** A new verifier of `password` (CREATE USER ... PASSWORD 'pw'). */
export const scramVerifier = (password: string): string => formatScramVerifier(scramSecret(password));

/** The secret a verifier holds, or undefined when `text` is not a SCRAM-SHA-256 verifier. */
export function parseScramVerifier(text: string): ScramSecret | undefined {
  const match = VERIFIER.exec(text);
  if (!match) return undefined;
  const iterations = Number(match[1]);
  const storedKey = Buffer.from(match[3]!, 'base64');
  const serverKey = Buffer.from(match[4]!, 'base64');
  if (iterations < 1 || storedKey.length !== KEY_BYTES || serverKey.length !== KEY_BYTES) return undefined;
  return { iterations, salt: Buffer.from(match[2]!, 'base64'), storedKey, serverKey };
}

/** Whether `password` is the one `verifier` was made from (a password sent in the clear, as HTTP Basic does). */
export function verifyScramPassword(verifier: string, password: string): boolean {
  const secret = parseScramVerifier(verifier);
  if (!secret) return false;
  const candidate = scramSecret(password, secret.salt, secret.iterations);
  return timingSafeEqual(candidate.storedKey, secret.storedKey);
}
