// Builds pgoutput messages as a walsender sends them (protocol version 1), for decoder tests.
import type { OldTupleKind, RelationColumn, TupleValue } from './pgoutput-message.js';

class Writer {
  private readonly parts: Buffer[] = [];
  byte(value: number): this {
    this.parts.push(Buffer.from([value]));
    return this;
  }
  char(text: string): this {
    return this.byte(text.charCodeAt(0));
  }
  int16(value: number): this {
    const part = Buffer.alloc(2);
    part.writeInt16BE(value);
    this.parts.push(part);
    return this;
  }
  int32(value: number): this {
    const part = Buffer.alloc(4);
    part.writeInt32BE(value);
    this.parts.push(part);
    return this;
  }
  uint32(value: number): this {
    const part = Buffer.alloc(4);
    part.writeUInt32BE(value);
    this.parts.push(part);
    return this;
  }
  uint64(value: bigint): this {
    const part = Buffer.alloc(8);
    part.writeBigUInt64BE(value);
    this.parts.push(part);
    return this;
  }
  cstring(text: string): this {
    this.parts.push(Buffer.from(text, 'utf8'), Buffer.from([0]));
    return this;
  }
  tuple(values: readonly TupleValue[]): this {
    this.int16(values.length);
    for (const value of values) {
      if (value === null) this.char('n');
      else if (value === undefined) this.char('u');
      else {
        const bytes = Buffer.from(value, 'utf8');
        this.char('t').int32(bytes.length);
        this.parts.push(bytes);
      }
    }
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const oldMarker = (kind: OldTupleKind): string => (kind === 'key' ? 'K' : 'O');

export const pgoutput = {
  begin: (finalLsn: bigint, xid: number): Buffer => new Writer().char('B').uint64(finalLsn).uint64(0n).uint32(xid).done(),
  commit: (commitLsn: bigint, endLsn: bigint): Buffer => new Writer().char('C').byte(0).uint64(commitLsn).uint64(endLsn).uint64(0n).done(),
  relation(relationId: number, schema: string, table: string, columns: readonly RelationColumn[], identity = 'd'): Buffer {
    const writer = new Writer().char('R').uint32(relationId).cstring(schema).cstring(table).char(identity).int16(columns.length);
    for (const column of columns) writer.byte(column.isKey ? 1 : 0).cstring(column.name).uint32(column.typeOid).int32(column.typeModifier);
    return writer.done();
  },
  insert: (relationId: number, values: readonly TupleValue[]): Buffer => new Writer().char('I').uint32(relationId).char('N').tuple(values).done(),
  update(relationId: number, values: readonly TupleValue[], old?: { kind: OldTupleKind; values: readonly TupleValue[] }): Buffer {
    const writer = new Writer().char('U').uint32(relationId);
    if (old) writer.char(oldMarker(old.kind)).tuple(old.values);
    return writer.char('N').tuple(values).done();
  },
  delete: (relationId: number, kind: OldTupleKind, values: readonly TupleValue[]): Buffer =>
    new Writer().char('D').uint32(relationId).char(oldMarker(kind)).tuple(values).done(),
  truncate(relationIds: readonly number[]): Buffer {
    const writer = new Writer().char('T').int32(relationIds.length).byte(0);
    for (const id of relationIds) writer.uint32(id);
    return writer.done();
  },
  origin: (): Buffer => new Writer().char('O').uint64(5n).cstring('elsewhere').done(),
};
