// The messages of PostgreSQL's pgoutput plugin (logical replication protocol, version 1), decoded from bytes.
import { SqlError } from '../../types/error.js';

/**
 * One column value of a tuple in PostgreSQL's text form; null is SQL NULL; undefined is a TOASTed value that
 * did not change and was not sent (an update with the default replica identity).
 */
export type TupleValue = string | null | undefined;

/** A column as a Relation message describes it. */
export interface RelationColumn {
  readonly name: string;
  /** Part of the replica identity (the key that old-key tuples of updates and deletes carry). */
  readonly isKey: boolean;
  readonly typeOid: number;
  readonly typeModifier: number;
}

/** The shape of a published table, sent before its first change in a stream and again after it changes. */
export interface RelationMessage {
  readonly kind: 'relation';
  readonly relationId: number;
  readonly schema: string;
  readonly table: string;
  /** `d` default (primary key), `n` nothing, `f` full, `i` index. */
  readonly replicaIdentity: string;
  readonly columns: readonly RelationColumn[];
}

/** How the old row of an update or delete is given: its key columns only, or every column (REPLICA IDENTITY FULL). */
export type OldTupleKind = 'key' | 'full';

export type PgoutputMessage =
  | { readonly kind: 'begin'; readonly finalLsn: bigint; readonly xid: number }
  | { readonly kind: 'commit'; readonly commitLsn: bigint; readonly endLsn: bigint }
  | RelationMessage
  | { readonly kind: 'insert'; readonly relationId: number; readonly newTuple: TupleValue[] }
  | {
      readonly kind: 'update';
      readonly relationId: number;
      /** Present when the replica identity is FULL, or when the key changed. */
      readonly old?: { readonly kind: OldTupleKind; readonly tuple: TupleValue[] };
      readonly newTuple: TupleValue[];
    }
  | { readonly kind: 'delete'; readonly relationId: number; readonly old: { readonly kind: OldTupleKind; readonly tuple: TupleValue[] } }
  | { readonly kind: 'truncate'; readonly relationIds: readonly number[] }
  /** Origin, Type and logical decoding Message: nothing a table's changes depend on. */
  | { readonly kind: 'ignored'; readonly tag: string };

function malformed(reason: string): SqlError {
  return new SqlError('internal_error', `malformed pgoutput message: ${reason}`);
}

/** A read cursor over one message. */
class MessageCursor {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  private need(count: number): void {
    if (this.offset + count > this.bytes.length) throw malformed(`truncated at byte ${this.offset}`);
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  int16(): number {
    this.need(2);
    const value = this.bytes.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.bytes.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint64(): bigint {
    this.need(8);
    const value = this.bytes.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A NUL-terminated string. */
  cstring(): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) throw malformed('unterminated string');
    const text = this.bytes.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }

  text(length: number): string {
    this.need(length);
    const text = this.bytes.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }
}

const KIND_NULL = 0x6e; // 'n'
const KIND_UNCHANGED = 0x75; // 'u'
const KIND_TEXT = 0x74; // 't'
const TUPLE_NEW = 0x4e; // 'N'
const TUPLE_KEY = 0x4b; // 'K'
const TUPLE_OLD = 0x4f; // 'O'

function tupleData(cursor: MessageCursor): TupleValue[] {
  const count = cursor.int16();
  const values = new Array<TupleValue>(count);
  for (let columnIdx = 0; columnIdx < count; columnIdx++) {
    const kind = cursor.byte();
    if (kind === KIND_TEXT) values[columnIdx] = cursor.text(cursor.int32());
    else if (kind === KIND_NULL) values[columnIdx] = null;
    else if (kind === KIND_UNCHANGED) values[columnIdx] = undefined;
    // 'b' (binary) only comes when the binary option is asked for, which Tally never does.
    else throw malformed(`tuple column kind ${String.fromCharCode(kind)}`);
  }
  return values;
}

function oldTuple(cursor: MessageCursor, marker: number): { kind: OldTupleKind; tuple: TupleValue[] } {
  if (marker === TUPLE_KEY) return { kind: 'key', tuple: tupleData(cursor) };
  if (marker === TUPLE_OLD) return { kind: 'full', tuple: tupleData(cursor) };
  throw malformed(`old tuple marker ${String.fromCharCode(marker)}`);
}

function relation(cursor: MessageCursor): RelationMessage {
  const relationId = cursor.uint32();
  const schema = cursor.cstring();
  const table = cursor.cstring();
  const replicaIdentity = String.fromCharCode(cursor.byte());
  const count = cursor.int16();
  const columns: RelationColumn[] = [];
  for (let columnIdx = 0; columnIdx < count; columnIdx++) {
    const flags = cursor.byte();
    columns.push({ isKey: (flags & 1) === 1, name: cursor.cstring(), typeOid: cursor.uint32(), typeModifier: cursor.int32() });
  }
  return { kind: 'relation', relationId, schema, table, replicaIdentity, columns };
}

function update(cursor: MessageCursor): PgoutputMessage {
  const relationId = cursor.uint32();
  const marker = cursor.byte();
  if (marker === TUPLE_NEW) return { kind: 'update', relationId, newTuple: tupleData(cursor) };
  const old = oldTuple(cursor, marker);
  if (cursor.byte() !== TUPLE_NEW) throw malformed('update without a new tuple');
  return { kind: 'update', relationId, old, newTuple: tupleData(cursor) };
}

function truncate(cursor: MessageCursor): PgoutputMessage {
  const count = cursor.int32();
  cursor.byte(); // CASCADE / RESTART IDENTITY flags: the upstream's business.
  const relationIds: number[] = [];
  for (let relationIdx = 0; relationIdx < count; relationIdx++) relationIds.push(cursor.uint32());
  return { kind: 'truncate', relationIds };
}

/** Decodes one pgoutput message (the payload of an XLogData message). */
export function decodePgoutput(bytes: Buffer): PgoutputMessage {
  const cursor = new MessageCursor(bytes);
  const tag = String.fromCharCode(cursor.byte());
  switch (tag) {
    case 'B': {
      const finalLsn = cursor.uint64();
      cursor.uint64(); // commit time
      return { kind: 'begin', finalLsn, xid: cursor.uint32() };
    }
    case 'C': {
      cursor.byte(); // flags, unused
      const commitLsn = cursor.uint64();
      return { kind: 'commit', commitLsn, endLsn: cursor.uint64() };
    }
    case 'R':
      return relation(cursor);
    case 'I': {
      const relationId = cursor.uint32();
      if (cursor.byte() !== TUPLE_NEW) throw malformed('insert without a new tuple');
      return { kind: 'insert', relationId, newTuple: tupleData(cursor) };
    }
    case 'U':
      return update(cursor);
    case 'D': {
      const relationId = cursor.uint32();
      return { kind: 'delete', relationId, old: oldTuple(cursor, cursor.byte()) };
    }
    case 'T':
      return truncate(cursor);
    case 'O':
    case 'Y':
    case 'M':
      return { kind: 'ignored', tag };
    default:
      throw malformed(`unexpected message type "${tag}"`);
  }
}
