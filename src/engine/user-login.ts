// Logging in as a catalog user: by password (verified against its SCRAM verifier) or by API token.
import { tokenDigest } from '../catalog/api-token.js';
import { verifyScramPassword } from '../catalog/scram-verifier.js';
import type { UserCatalog } from '../catalog/users.js';

/** The stored verifier of `user`'s password, if it has one. */
export const passwordVerifierOf = (users: UserCatalog, user: string): string | undefined => users.get(user)?.passwordVerifier;

/**
 * Whether `password` is `user`'s. Each check derives the key as SCRAM does (4096 PBKDF2 rounds by default), which
 * keeps guessing slow; callers that check often (an HTTP server) may remember successes.
 */
export function authenticatePassword(users: UserCatalog, user: string, password: string): boolean {
  const verifier = passwordVerifierOf(users, user);
  return verifier !== undefined && verifyScramPassword(verifier, password);
}

/** The user holding API token `token`, if any. */
export function authenticateToken(users: UserCatalog, token: string): string | undefined {
  return users.byTokenDigest(tokenDigest(token))?.name;
}
