// Parsers of the frontend (client to server) messages that follow the startup phase.
import { MessageReader, type Frame } from './message-reader.js';
import { WireError } from './wire-error.js';

/** A Bind parameter's value: null for SQL NULL, else its bytes in the parameter's format. */
export type ParameterValue = Buffer | null;

export type FrontendMessage =
  | { readonly kind: 'query'; readonly sql: string }
  | { readonly kind: 'parse'; readonly statement: string; readonly sql: string; readonly parameterOids: readonly number[] }
  | {
      readonly kind: 'bind';
      readonly portal: string;
      readonly statement: string;
      /** One format per parameter, expanded from the message's zero, one or n codes. */
      readonly parameterFormats: readonly number[];
      readonly parameters: readonly ParameterValue[];
      /** As sent: none (all text), one (for all columns), or one per column. */
      readonly resultFormats: readonly number[];
    }
  | { readonly kind: 'describe'; readonly target: 'statement' | 'portal'; readonly name: string }
  | { readonly kind: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly kind: 'close'; readonly target: 'statement' | 'portal'; readonly name: string }
  | { readonly kind: 'sync' }
  | { readonly kind: 'flush' }
  | { readonly kind: 'terminate' }
  /** PasswordMessage, SASLInitialResponse and SASLResponse share the type 'p'; the authentication step reads the body. */
  | { readonly kind: 'password'; readonly body: Buffer }
  | { readonly kind: 'copyData' | 'copyDone' | 'copyFail' }
  | { readonly kind: 'functionCall' };

const code = (letter: string): number => letter.charCodeAt(0);

/** Parses one typed frame; throws WireError 08P01 for an unknown type or a malformed body. */
export function parseFrontendMessage(frame: Frame): FrontendMessage {
  const r = new MessageReader(frame.body);
  switch (frame.type) {
    case code('Q'): return { kind: 'query', sql: r.cstring() };
    case code('P'): {
      const statement = r.cstring();
      const sql = r.cstring();
      const count = r.int16();
      const parameterOids: number[] = [];
      for (let index = 0; index < count; index++) parameterOids.push(r.int32() >>> 0);
      return { kind: 'parse', statement, sql, parameterOids };
    }
    case code('B'): return parseBind(r);
    case code('D'): return { kind: 'describe', target: target(r.byte()), name: r.cstring() };
    case code('E'): return { kind: 'execute', portal: r.cstring(), maxRows: r.int32() };
    case code('C'): return { kind: 'close', target: target(r.byte()), name: r.cstring() };
    case code('S'): return { kind: 'sync' };
    case code('H'): return { kind: 'flush' };
    case code('X'): return { kind: 'terminate' };
    case code('p'): return { kind: 'password', body: frame.body };
    case code('d'): return { kind: 'copyData' };
    case code('c'): return { kind: 'copyDone' };
    case code('f'): return { kind: 'copyFail' };
    case code('F'): return { kind: 'functionCall' };
    default:
      throw new WireError('08P01', `invalid frontend message type ${frame.type}`, { fatal: true });
  }
}

function parseBind(r: MessageReader): FrontendMessage {
  const portal = r.cstring();
  const statement = r.cstring();
  const formatCodes = int16List(r);
  const count = r.int16();
  if (formatCodes.length > 1 && formatCodes.length !== count) {
    throw new WireError('08P01', `bind message has ${formatCodes.length} parameter formats but ${count} parameters`);
  }
  const parameters: ParameterValue[] = [];
  const parameterFormats: number[] = [];
  for (let index = 0; index < count; index++) {
    const length = r.int32();
    parameters.push(length < 0 ? null : r.bytes(length));
    parameterFormats.push(formatCodes.length === 0 ? 0 : formatCodes.length === 1 ? formatCodes[0]! : formatCodes[index]!);
  }
  const resultFormats = int16List(r);
  for (const format of [...parameterFormats, ...resultFormats]) {
    if (format !== 0 && format !== 1) throw new WireError('08P01', `unsupported format code: ${format}`);
  }
  return { kind: 'bind', portal, statement, parameterFormats, parameters, resultFormats };
}

function int16List(r: MessageReader): number[] {
  const count = r.int16();
  const items: number[] = [];
  for (let index = 0; index < count; index++) items.push(r.int16());
  return items;
}

function target(byte: number): 'statement' | 'portal' {
  if (byte === code('S')) return 'statement';
  if (byte === code('P')) return 'portal';
  throw new WireError('08P01', `invalid DESCRIBE message subtype ${byte}`);
}
