// Tests of the Kafka sink's messages and writer without a broker: PLAIN and UPSERT messages, chunked sends, errors.
import { describe, expect, it } from 'vitest';
import type { SinkChange } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec, type SinkSpecParts } from '../sink-spec.test-support.js';
import { kafkaSinkMessages, type KafkaSinkMessage } from './kafka-sink-messages.js';
import { kafkaSinkSettings } from './kafka-sink-options.js';
import { KafkaSinkWriter } from './kafka-sink-writer.js';
import type { KafkaSinkProducer } from './platformatic-kafka-producer.js';

const cols = columns(['seller_id', 'varchar'], ['orders', 'int8'], ['rate', 'numeric']);
const where = { topic: 't', 'properties.bootstrap.server': '127.0.0.1:9092' };

function messagesOf(parts: SinkSpecParts) {
  const spec = sinkSpec(cols, { options: where, ...parts });
  return kafkaSinkMessages(spec.columns, kafkaSinkSettings(spec));
}

const text = (messages: readonly KafkaSinkMessage[]) =>
  messages.map(({ key, value }) => [key === undefined ? undefined : key.toString(), value === null ? null : value.toString()]);

const row = (seller: string, orders: bigint, rate: string): Row => [seller, orders, Numeric.parse(rate)];
const insert = (after: Row): SinkChange => ({ before: null, after });
const update = (before: Row, after: Row): SinkChange => ({ before, after });
const remove = (before: Row): SinkChange => ({ before, after: null });

/** A producer that records what it was given, and fails the sends numbered in `failAt` (from 1). */
function recordingProducer(failAt: readonly number[] = []) {
  const sends: KafkaSinkMessage[][] = [];
  let closed = false;
  const producer: KafkaSinkProducer = {
    prepareTopic: async () => undefined,
    async send(messages) {
      sends.push([...messages]);
      if (failAt.includes(sends.length)) throw new Error('Produce failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9092') });
    },
    async close() {
      closed = true;
    },
  };
  return { producer, sends, isClosed: () => closed };
}

describe('kafkaSinkMessages', () => {
  const a = row('s1', 9007199254740993n, '0.950');
  const b = row('s1', 9007199254740994n, '0.90');
  const c = row('s2', 1n, '1');

  it('UPSERT: keys of the primary key columns, the new row as the value, tombstones for deletes', () => {
    const toMessages = messagesOf({ format: { format: 'upsert', encode: 'json' }, type: 'upsert', primaryKey: ['seller_id'] });
    expect(text(toMessages([insert(a), update(a, b), remove(c)]))).toEqual([
      ['{"seller_id":"s1"}', '{"seller_id":"s1","orders":9007199254740993,"rate":"0.950"}'],
      ['{"seller_id":"s1"}', '{"seller_id":"s1","orders":9007199254740994,"rate":"0.90"}'],
      ['{"seller_id":"s2"}', null],
    ]);
  });

  it('PLAIN: one message per new row, keyed by the primary key when there is one, deletes dropped when forced', () => {
    const forced = messagesOf({ format: { format: 'plain', encode: 'json', options: { force_append_only: 'true' } }, type: 'upsert', primaryKey: ['seller_id'] });
    expect(text(forced([insert(a), update(a, b), remove(c)]))).toEqual([
      ['{"seller_id":"s1"}', '{"seller_id":"s1","orders":9007199254740993,"rate":"0.950"}'],
      ['{"seller_id":"s1"}', '{"seller_id":"s1","orders":9007199254740994,"rate":"0.90"}'],
    ]);
    const keyless = messagesOf({ format: { format: 'plain', encode: 'json' } });
    expect(text(keyless([insert(c)]))).toEqual([[undefined, '{"seller_id":"s2","orders":1,"rate":"1"}']]);
  });
});

describe('KafkaSinkWriter', () => {
  const toMessages = messagesOf({ format: { format: 'plain', encode: 'json' } });
  const target = { topic: 't', bootstrap: '127.0.0.1:9092' };
  const changes = Array.from({ length: 10 }, (_, i) => insert(row(`seller-${i}`, BigInt(i), '1.00')));
  const size = Buffer.byteLength('{"seller_id":"seller-0","orders":0,"rate":"1.00"}');

  it('sends a batch in order, in chunks of at most maxSendBytes', async () => {
    const { producer, sends } = recordingProducer();
    await new KafkaSinkWriter(producer, toMessages, target, size * 4).write(changes);
    expect(sends.map((s) => s.length)).toEqual([4, 4, 2]);
    expect(sends.flat().map((m) => JSON.parse(m.value!.toString()).seller_id)).toEqual(changes.map((c) => c.after![0]));
  });

  it('sends a message larger than a chunk alone, and nothing for an empty batch', async () => {
    const { producer, sends } = recordingProducer();
    const writer = new KafkaSinkWriter(producer, toMessages, target, 10);
    await writer.write(changes.slice(0, 2));
    await writer.write([]);
    expect(sends.map((s) => s.length)).toEqual([1, 1]);
  });

  it('rejects naming the topic, the brokers and the cause; closes the producer', async () => {
    const { producer, isClosed } = recordingProducer([2]);
    const writer = new KafkaSinkWriter(producer, toMessages, target, size * 4);
    await expect(writer.write(changes)).rejects.toThrow('could not write to Kafka topic "t" at 127.0.0.1:9092: produce failed: connect ECONNREFUSED 127.0.0.1:9092');
    await writer.close();
    expect(isClosed()).toBe(true);
  });
});
