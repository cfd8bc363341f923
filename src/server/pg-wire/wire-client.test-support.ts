// A minimal protocol 3.0 client for tests that look at messages themselves (portals, formats, cancel, errors).
import { connect, type Socket } from 'node:net';
import { MessageWriter } from './message-writer.js';

/** A backend message as received: its type letter and body. */
export interface Received {
  readonly type: string;
  readonly body: Buffer;
}

/** A connected raw client; `send*` queue messages, `flush` writes them, `until` reads replies. */
export class WireClient {
  private readonly writer = new MessageWriter();
  private buffer = Buffer.alloc(0);
  private readonly received: Received[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  processId = 0;
  secretKey = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 5) {
        const length = this.buffer.readInt32BE(1);
        if (this.buffer.length < 1 + length) break;
        this.received.push({ type: String.fromCharCode(this.buffer[0]!), body: this.buffer.subarray(5, 1 + length) });
        this.buffer = this.buffer.subarray(1 + length);
      }
      this.waiting?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  /** Connects and completes the startup (trust authentication), up to the first ReadyForQuery. */
  static async connect(port: number, parameters: Record<string, string> = { user: 'root', database: 'dev' }): Promise<WireClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const client = new WireClient(socket);
    const startup = new MessageWriter();
    const at = startup.beginLength();
    startup.int32(196608);
    for (const [name, value] of Object.entries(parameters)) startup.cstring(name).cstring(value);
    startup.int8(0).endLength(at);
    // The length counts itself.
    const bytes = startup.take();
    bytes.writeInt32BE(bytes.length, 0);
    socket.write(bytes);
    const replies = await client.until('Z');
    const key = replies.find((m) => m.type === 'K');
    if (key) {
      client.processId = key.body.readInt32BE(0);
      client.secretKey = key.body.readInt32BE(4);
    }
    return client;
  }

  query(sql: string): this {
    this.writer.begin('Q').cstring(sql).end();
    return this;
  }

  parse(name: string, sql: string, oids: readonly number[] = []): this {
    this.writer.begin('P').cstring(name).cstring(sql).int16(oids.length);
    for (const oid of oids) this.writer.int32(oid);
    this.writer.end();
    return this;
  }

  /** Bind with text (`string`), binary (`Buffer`) or NULL parameters and the given result formats. */
  bind(portal: string, statement: string, parameters: readonly (string | Buffer | null)[], resultFormats: readonly number[] = []): this {
    const w = this.writer.begin('B').cstring(portal).cstring(statement).int16(parameters.length);
    for (const parameter of parameters) w.int16(Buffer.isBuffer(parameter) ? 1 : 0);
    w.int16(parameters.length);
    for (const parameter of parameters) {
      if (parameter === null) w.int32(-1);
      else if (Buffer.isBuffer(parameter)) w.int32(parameter.length).bytes(parameter);
      else w.lengthPrefixedString(parameter);
    }
    w.int16(resultFormats.length);
    for (const format of resultFormats) w.int16(format);
    w.end();
    return this;
  }

  describe(target: 'S' | 'P', name: string): this {
    this.writer.begin('D').int8(target.charCodeAt(0)).cstring(name).end();
    return this;
  }

  execute(portal: string, maxRows = 0): this {
    this.writer.begin('E').cstring(portal).int32(maxRows).end();
    return this;
  }

  close(target: 'S' | 'P', name: string): this {
    this.writer.begin('C').int8(target.charCodeAt(0)).cstring(name).end();
    return this;
  }

  sync(): this {
    this.writer.begin('S').end();
    return this;
  }

  flushMessage(): this {
    this.writer.begin('H').end();
    return this;
  }

  /** Writes the queued messages. */
  flush(): this {
    this.socket.write(this.writer.take());
    return this;
  }

  /** Sends the queued messages and returns every reply up to and including the first of type `type`. */
  async until(type: string): Promise<Received[]> {
    if (this.writer.size > 0) this.flush();
    for (;;) {
      const index = this.received.findIndex((m) => m.type === type);
      if (index >= 0) return this.received.splice(0, index + 1);
      if (this.ended) throw new Error(`connection closed before a '${type}' message; got ${this.received.map((m) => m.type).join('')}`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
      this.waiting = undefined;
    }
  }

  /** Resolves when the server has closed the connection. */
  async closed(): Promise<void> {
    while (!this.ended) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  end(): void {
    this.writer.begin('X').end();
    this.socket.end(this.writer.take());
  }
}

/** Sends a CancelRequest for a connection, as a client does over a new connection. */
export async function sendCancel(port: number, processId: number, secretKey: number): Promise<void> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(processId, 8);
  packet.writeInt32BE(secretKey, 12);
  await new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    socket.write(packet);
  });
}

/** The text of each field of an ErrorResponse or NoticeResponse, by field letter. */
export function noticeFields(message: Received): Record<string, string> {
  const fields: Record<string, string> = {};
  let offset = 0;
  while (offset < message.body.length && message.body[offset] !== 0) {
    const code = String.fromCharCode(message.body[offset]!);
    const end = message.body.indexOf(0, offset + 1);
    fields[code] = message.body.toString('utf8', offset + 1, end);
    offset = end + 1;
  }
  return fields;
}

/** The fields of a DataRow: each value's bytes, or null. */
export function dataRowFields(message: Received): (Buffer | null)[] {
  const count = message.body.readInt16BE(0);
  const fields: (Buffer | null)[] = [];
  let offset = 2;
  for (let index = 0; index < count; index++) {
    const length = message.body.readInt32BE(offset);
    offset += 4;
    if (length < 0) {
      fields.push(null);
      continue;
    }
    fields.push(message.body.subarray(offset, offset + length));
    offset += length;
  }
  return fields;
}

/** The columns of a RowDescription: name, type OID and format code. */
export function rowDescriptionFields(message: Received): { name: string; typeOid: number; format: number }[] {
  const count = message.body.readInt16BE(0);
  const fields: { name: string; typeOid: number; format: number }[] = [];
  let offset = 2;
  for (let index = 0; index < count; index++) {
    const end = message.body.indexOf(0, offset);
    const name = message.body.toString('utf8', offset, end);
    offset = end + 1;
    const typeOid = message.body.readInt32BE(offset + 6);
    const format = message.body.readInt16BE(offset + 16);
    fields.push({ name, typeOid, format });
    offset += 18;
  }
  return fields;
}
