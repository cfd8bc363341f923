// Who sends an HTTP request to `tally start`: a bearer token or a user's password, or root on loopback.
import type { Engine } from '../engine.js';
import { HttpError, engineRunner, type Authenticate, type RequestRunner } from '../server/http/index.js';

/**
 * `Authorization: Bearer <token>` (a user's `ALTER USER ... TOKEN`) or `Basic` (user and password) runs the
 * request as that user, with its grants and row scope. Without credentials a request runs as root only when the
 * server listens on a loopback address, as pg-wire lets root in there without a password.
 */
export function httpAuthentication(engine: Engine, loopback: boolean): Authenticate {
  const root = engineRunner(engine);
  return (authorization: string | undefined): RequestRunner => {
    if (authorization === undefined || authorization.trim() === '') {
      if (loopback) return root;
      throw unauthorized('credentials are required');
    }
    const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
    if (scheme!.toLowerCase() === 'bearer') {
      const session = engine.sessionForToken(credentials);
      if (session) return session;
    } else if (scheme!.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const session = colon < 0 ? undefined : engine.sessionForPassword(decoded.slice(0, colon), decoded.slice(colon + 1));
      if (session) return session;
    }
    throw unauthorized('invalid credentials');
  };
}

const unauthorized = (message: string): HttpError =>
  new HttpError(401, '28000', message, undefined, "Send Authorization: Bearer <token> (ALTER USER ... TOKEN '...') or Basic with a user's password.");
