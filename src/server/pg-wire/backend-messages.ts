// Serializers of the backend (server to client) messages of protocol 3.0, into a MessageWriter.
import type { MessageWriter } from './message-writer.js';

/** Authentication request codes of the 'R' message. */
const AUTH_OK = 0;
const AUTH_SASL = 10;
const AUTH_SASL_CONTINUE = 11;
const AUTH_SASL_FINAL = 12;

/** Transaction status in ReadyForQuery: idle, in a transaction block, in a failed transaction block. */
export type TransactionStatus = 'I' | 'T' | 'E';

/** A column of RowDescription. */
export interface FieldDescription {
  readonly name: string;
  readonly typeOid: number;
  readonly typeSize: number;
  /** 0 text, 1 binary. */
  readonly format: number;
}

/** The fields of ErrorResponse and NoticeResponse that Tally fills. */
export interface NoticeFields {
  readonly severity: 'ERROR' | 'FATAL' | 'NOTICE' | 'WARNING';
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the query string. */
  readonly position?: number;
}

export const authenticationOk = (w: MessageWriter): void => void w.begin('R').int32(AUTH_OK).end();

export function authenticationSasl(w: MessageWriter, mechanisms: readonly string[]): void {
  w.begin('R').int32(AUTH_SASL);
  for (const mechanism of mechanisms) w.cstring(mechanism);
  w.int8(0).end();
}

export const authenticationSaslContinue = (w: MessageWriter, data: string): void => void w.begin('R').int32(AUTH_SASL_CONTINUE).string(data).end();

export const authenticationSaslFinal = (w: MessageWriter, data: string): void => void w.begin('R').int32(AUTH_SASL_FINAL).string(data).end();

export const parameterStatus = (w: MessageWriter, name: string, value: string): void => void w.begin('S').cstring(name).cstring(value).end();

export const backendKeyData = (w: MessageWriter, processId: number, secretKey: number): void =>
  void w.begin('K').int32(processId).int32(secretKey).end();

export const readyForQuery = (w: MessageWriter, status: TransactionStatus): void => void w.begin('Z').int8(status.charCodeAt(0)).end();

/** NegotiateProtocolVersion: the newest minor version we speak (0) and the `_pq_.` options we do not know. */
export function negotiateProtocolVersion(w: MessageWriter, unrecognized: readonly string[]): void {
  w.begin('v').int32(0).int32(unrecognized.length);
  for (const option of unrecognized) w.cstring(option);
  w.end();
}

export function rowDescription(w: MessageWriter, fields: readonly FieldDescription[]): void {
  w.begin('T').int16(fields.length);
  for (const field of fields) {
    // No table OID or column number: results are not traced back to table columns.
    w.cstring(field.name).int32(0).int16(0).int32(field.typeOid).int16(field.typeSize).int32(-1).int16(field.format);
  }
  w.end();
}

export function parameterDescription(w: MessageWriter, typeOids: readonly number[]): void {
  w.begin('t').int16(typeOids.length);
  for (const oid of typeOids) w.int32(oid);
  w.end();
}

export const commandComplete = (w: MessageWriter, tag: string): void => void w.begin('C').cstring(tag).end();

export const emptyQueryResponse = (w: MessageWriter): void => void w.begin('I').end();

export const parseComplete = (w: MessageWriter): void => void w.begin('1').end();

export const bindComplete = (w: MessageWriter): void => void w.begin('2').end();

export const closeComplete = (w: MessageWriter): void => void w.begin('3').end();

export const noData = (w: MessageWriter): void => void w.begin('n').end();

export const portalSuspended = (w: MessageWriter): void => void w.begin('s').end();

export const errorResponse = (w: MessageWriter, fields: NoticeFields): void => noticeFields(w.begin('E'), fields);

export const noticeResponse = (w: MessageWriter, fields: NoticeFields): void => noticeFields(w.begin('N'), fields);

function noticeFields(w: MessageWriter, fields: NoticeFields): void {
  // 'S' is the localized severity, 'V' the one clients may parse (PostgreSQL 9.6 and later send both).
  w.int8(0x53).cstring(fields.severity).int8(0x56).cstring(fields.severity);
  w.int8(0x43).cstring(fields.code).int8(0x4d).cstring(fields.message);
  if (fields.detail !== undefined) w.int8(0x44).cstring(fields.detail);
  if (fields.hint !== undefined) w.int8(0x48).cstring(fields.hint);
  if (fields.position !== undefined) w.int8(0x50).cstring(String(fields.position));
  w.int8(0).end();
}
