// How pg-wire authenticates each user: the config file's passwords, the catalog's verifiers, root trusted on loopback.
import { ROOT_USER } from '../../catalog/users.js';
import { parseScramVerifier, scramSecret, type ScramSecret } from '../../catalog/scram-verifier.js';
import type { Engine } from '../../engine/engine.js';
import type { EngineSession } from '../../engine/engine-session.js';
import { trustAuthentication, type AuthenticationExchange, type AuthenticationMethod } from './authentication.js';
import { refusingScramExchange, scramExchange } from './scram-sha-256.js';
import { WireError } from './wire-error.js';

export interface UserAuthenticationOptions {
  readonly engine: Engine;
  /** Users of the server's config file and their passwords: superusers, as the operator configured them. */
  readonly configUsers: ReadonlyMap<string, string>;
  /** Whether root may log in without a password: the server listens on a loopback address only. */
  readonly trustRoot: boolean;
}

/**
 * Per user, in this order: a config-file user authenticates with SCRAM-SHA-256 against its configured password;
 * root, when trusted, needs no password; a user of the catalog (CREATE USER ... PASSWORD) authenticates with
 * SCRAM-SHA-256 against its stored verifier. Anyone else — a user without a password included — goes through an
 * exchange that always fails, so that the answer does not tell which users exist.
 */
export class UserAuthentication implements AuthenticationMethod {
  private readonly configSecrets = new Map<string, ScramSecret>();

  constructor(private readonly options: UserAuthenticationOptions) {
    // Only the derived secrets are kept: the passwords themselves are not needed after start-up.
    for (const [user, password] of options.configUsers) this.configSecrets.set(user, scramSecret(password));
  }

  begin(user: string): AuthenticationExchange {
    const configured = this.configSecrets.get(user);
    if (configured) return scramExchange(user, configured);
    if (user === ROOT_USER && this.options.trustRoot) return trustAuthentication.begin(user);
    const verifier = this.options.engine.passwordVerifier(user);
    const secret = verifier === undefined ? undefined : parseScramVerifier(verifier);
    return secret ? scramExchange(user, secret) : refusingScramExchange(user);
  }

  /** The engine session of an authenticated user; config-file users are superusers. */
  sessionOf(user: string): EngineSession {
    if (this.configSecrets.has(user)) return this.options.engine.session(user, { superuser: true });
    try {
      return this.options.engine.session(user);
    } catch {
      // Dropped between its password check and now.
      throw new WireError('28000', `role "${user}" does not exist`, { fatal: true });
    }
  }
}
