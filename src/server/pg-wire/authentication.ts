// The authentication step of a connection: a small interface, and trust (no password) as the default method.
import { authenticationOk } from './backend-messages.js';
import type { MessageWriter } from './message-writer.js';
import { WireError } from './wire-error.js';

/**
 * One client's authentication conversation. The connection calls `start` once after the startup message, then
 * `respond` with the body of each password-type ('p') message until one of them returns true. Both write their
 * requests (and AuthenticationOk at the end) to `w`; a failure throws a fatal WireError.
 */
export interface AuthenticationExchange {
  /** Writes the first request; true when the client is already authenticated (AuthenticationOk written). */
  start(w: MessageWriter): boolean;
  respond(body: Buffer, w: MessageWriter): boolean;
}

/** A way to authenticate users: trust, SCRAM-SHA-256, ... (one per server). */
export interface AuthenticationMethod {
  /** Starts the conversation for the user named in the startup message. */
  begin(user: string): AuthenticationExchange;
}

/** Every user is let in without a password, as on PostgreSQL's `trust` lines. */
export const trustAuthentication: AuthenticationMethod = {
  begin: () => ({
    start(w) {
      authenticationOk(w);
      return true;
    },
    respond() {
      throw new WireError('08P01', 'unexpected password message', { fatal: true });
    },
  }),
};
