// SCRAM-SHA-256 password authentication (RFC 5802 / 7677) as PostgreSQL speaks it, against stored verifiers.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { scramSecret, type ScramSecret } from '../../catalog/scram-verifier.js';
import type { AuthenticationExchange } from './authentication.js';
import { authenticationOk, authenticationSasl, authenticationSaslContinue, authenticationSaslFinal } from './backend-messages.js';
import { MessageReader } from './message-reader.js';
import type { MessageWriter } from './message-writer.js';
import { WireError } from './wire-error.js';

const MECHANISM = 'SCRAM-SHA-256';
const NONCE_BYTES = 18;

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

/** The exchange of `user`, whose password `secret` was made from (see `catalog/scram-verifier.ts`). */
export const scramExchange = (user: string, secret: ScramSecret): AuthenticationExchange => new ScramExchange(user, secret);

/**
 * The exchange of a user without a password: the same steps with a secret no password matches, so that the
 * answer does not tell which user names exist or have passwords.
 */
export const refusingScramExchange = (user: string): AuthenticationExchange => new ScramExchange(user, scramSecret(randomBytes(32).toString('base64')));

/** One client's exchange: server-first after the client-first message, then the proof check. */
class ScramExchange implements AuthenticationExchange {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private gs2Header = '';

  constructor(
    private readonly user: string,
    private readonly credentials: ScramSecret,
  ) {}

  start(w: MessageWriter): boolean {
    authenticationSasl(w, [MECHANISM]);
    return false;
  }

  respond(body: Buffer, w: MessageWriter): boolean {
    if (this.serverFirst === '') {
      this.clientFirst(body, w);
      return false;
    }
    this.clientFinal(body.toString('utf8'), w);
    return true;
  }

  /** SASLInitialResponse: mechanism, then `gs2-header client-first-bare` (`n,,n=user,r=nonce`). */
  private clientFirst(body: Buffer, w: MessageWriter): void {
    const r = new MessageReader(body);
    const mechanism = r.cstring();
    if (mechanism !== MECHANISM) throw protocolError('client selected an invalid SASL authentication mechanism');
    const length = r.int32();
    const message = (length < 0 ? Buffer.alloc(0) : r.bytes(length)).toString('utf8');
    const match = /^([ny]),(?:a=[^,]*)?,(.*)$/.exec(message);
    if (!match) {
      if (message.startsWith('p=')) throw protocolError('channel binding is not supported by this server');
      throw protocolError('malformed SCRAM message');
    }
    this.gs2Header = message.slice(0, message.length - match[2]!.length);
    this.clientFirstBare = match[2]!;
    const clientNonce = attribute(this.clientFirstBare, 'r');
    if (clientNonce === undefined || /[^\x21-\x2b\x2d-\x7e]/.test(clientNonce)) throw protocolError('malformed SCRAM message');
    this.nonce = clientNonce + randomBytes(NONCE_BYTES).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.credentials.salt.toString('base64')},i=${this.credentials.iterations}`;
    authenticationSaslContinue(w, this.serverFirst);
  }

  /** SASLResponse: `c=<gs2 header>,r=<nonce>,p=<proof>`; checks the proof and sends the server's signature. */
  private clientFinal(message: string, w: MessageWriter): void {
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) throw protocolError('malformed SCRAM message');
    const withoutProof = message.slice(0, proofAt);
    if (attribute(withoutProof, 'c') !== Buffer.from(this.gs2Header).toString('base64')) {
      throw protocolError('SCRAM channel binding check failed');
    }
    if (attribute(withoutProof, 'r') !== this.nonce) throw protocolError('SCRAM nonce mismatch');
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.credentials.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw this.failed();
    const clientKey = Buffer.alloc(proof.length);
    for (let index = 0; index < proof.length; index++) clientKey[index] = proof[index]! ^ clientSignature[index]!;
    if (!timingSafeEqual(sha256(clientKey), this.credentials.storedKey)) throw this.failed();
    authenticationSaslFinal(w, `v=${hmac(this.credentials.serverKey, authMessage).toString('base64')}`);
    authenticationOk(w);
  }

  private failed(): WireError {
    return new WireError('28P01', `password authentication failed for user "${this.user}"`, { fatal: true });
  }
}

/** The value of `name=` in a comma-separated SCRAM message. */
function attribute(message: string, name: string): string | undefined {
  for (const part of message.split(',')) if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
  return undefined;
}

const protocolError = (message: string): WireError => new WireError('08P01', message, { fatal: true });
