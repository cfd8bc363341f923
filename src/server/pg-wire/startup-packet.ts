// The untyped messages of the startup phase: SSLRequest, GSSENCRequest, CancelRequest and StartupMessage.
import { MessageReader } from './message-reader.js';
import { WireError } from './wire-error.js';

const SSL_REQUEST_CODE = 80877103;
const GSSENC_REQUEST_CODE = 80877104;
const CANCEL_REQUEST_CODE = 80877102;
const PROTOCOL_MAJOR = 3;

export type StartupPacket =
  | { readonly kind: 'sslRequest' }
  | { readonly kind: 'gssencRequest' }
  | { readonly kind: 'cancel'; readonly processId: number; readonly secretKey: number }
  | {
      readonly kind: 'startup';
      readonly minorVersion: number;
      /** user, database, options, application_name, client_encoding, DateStyle, ... as the client sent them. */
      readonly parameters: ReadonlyMap<string, string>;
      /** Protocol options (`_pq_.name`) the client asked for; Tally knows none of them. */
      readonly protocolOptions: readonly string[];
    };

/** Parses the body (after the length) of a startup-phase message. */
export function parseStartupPacket(body: Buffer): StartupPacket {
  const r = new MessageReader(body);
  const version = r.int32();
  if (version === SSL_REQUEST_CODE) return { kind: 'sslRequest' };
  if (version === GSSENC_REQUEST_CODE) return { kind: 'gssencRequest' };
  if (version === CANCEL_REQUEST_CODE) return { kind: 'cancel', processId: r.int32(), secretKey: r.int32() };
  const major = version >>> 16;
  const minorVersion = version & 0xffff;
  if (major !== PROTOCOL_MAJOR) {
    throw new WireError('0A000', `unsupported frontend protocol ${major}.${minorVersion}: server supports 3.0 to 3.0`, { fatal: true });
  }
  const parameters = new Map<string, string>();
  const protocolOptions: string[] = [];
  while (r.remaining > 1) {
    const name = r.cstring();
    const value = r.cstring();
    if (name.startsWith('_pq_.')) protocolOptions.push(name);
    else parameters.set(name, value);
  }
  return { kind: 'startup', minorVersion, parameters, protocolOptions };
}

/**
 * The `-c name=value` (or `--name=value`) settings of the startup `options` parameter, as libpq passes
 * PGOPTIONS; words are separated by blanks, and a backslash escapes the next character.
 */
export function parseCommandLineOptions(options: string): Map<string, string> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let index = 0; index < options.length; index++) {
    const char = options[index]!;
    if (char === '\\' && index + 1 < options.length) {
      word += options[++index];
      inWord = true;
    } else if (char === ' ' || char === '\t' || char === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  const settings = new Map<string, string>();
  for (let index = 0; index < words.length; index++) {
    let setting = words[index]!;
    if (setting === '-c' && index + 1 < words.length) setting = words[++index]!;
    else if (setting.startsWith('-c')) setting = setting.slice(2);
    else if (setting.startsWith('--')) setting = setting.slice(2);
    else throw new WireError('08P01', `invalid command-line argument for server process: ${setting}`, { fatal: true, hint: 'Use -c name=value.' });
    const equals = setting.indexOf('=');
    if (equals <= 0) throw new WireError('42601', `-c ${setting} requires a value`, { fatal: true });
    settings.set(setting.slice(0, equals).replace(/-/g, '_'), setting.slice(equals + 1));
  }
  return settings;
}
