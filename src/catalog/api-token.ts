// API tokens (HTTP `Authorization: Bearer`): the catalog keeps a digest of each, never the token.
import { createHash } from 'node:crypto';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Tokens shorter than this are refused: a token is the whole secret, with no user name to guess alongside. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The stored form of a token: `sha256:<hex>`. A token is random and long, so a plain digest suffices (a
 * password needs the slow salted hash of SCRAM because people choose guessable ones).
 */
export const tokenDigest = (token: string): string => `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;

/** Whether `text` is already a digest (a replayed catalog statement), to be stored as it is. */
export const isTokenDigest = (text: string): boolean => DIGEST.test(text);
