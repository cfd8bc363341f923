// Checks a static API token sent as `Authorization: Bearer <token>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';

/**
 * A check of requests against `token`: throws HttpError 401 unless the Authorization header carries it. Digests
 * are compared so that the time taken tells nothing of the token, whatever the length of what was sent.
 */
export function bearerTokenCheck(token: string): (authorization: string | undefined) => void {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new HttpError(401, '28000', authorization === undefined ? 'authentication required' : 'invalid bearer token', undefined, 'Send the server\'s API token as "Authorization: Bearer <token>".');
    }
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
