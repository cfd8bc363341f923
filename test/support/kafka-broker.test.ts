// Checks the test Kafka broker end to end: a topic, 1,000 JSON messages produced and consumed back in order.
import { describe, expect, it } from 'vitest';
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { kafkaBroker } from './kafka-broker.js';

const messageCount = 1000;
const broker = await kafkaBroker();
if ('skip' in broker) console.warn(`skipping kafka-broker.test.ts: ${broker.skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';

interface OrderEvent {
  readonly seq: number;
  readonly order_id: string;
  readonly total: string;
}

function orderEvent(seq: number): OrderEvent {
  return { seq, order_id: `o${seq}`, total: `${seq}.99` };
}

describe.skipIf('skip' in broker)('kafka broker', () => {
  it('round-trips 1,000 JSON messages in order with their offsets', async () => {
    // A fresh topic per run: the broker may be shared with earlier runs and other test files.
    const topic = `tally-support-${process.pid}-${Date.now()}`;
    const clientId = 'tally-kafka-broker-test';
    const admin = new Admin({ clientId, bootstrapBrokers: [bootstrap] });
    const producer = new Producer({ clientId, bootstrapBrokers: [bootstrap], serializers: stringSerializers });
    const consumer = new Consumer({
      clientId,
      groupId: `${topic}-group`,
      bootstrapBrokers: [bootstrap],
      deserializers: stringDeserializers,
    });
    try {
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });

      const produced = await producer.send({
        messages: Array.from({ length: messageCount }, (_, seq) => ({
          topic,
          key: `o${seq}`,
          value: JSON.stringify(orderEvent(seq)),
        })),
      });
      // One partition and one batch: the batch starts at offset 0.
      expect(produced.offsets).toEqual([{ topic, partition: 0, offset: 0n }]);

      const stream = await consumer.consume({
        topics: [topic],
        mode: MessagesStreamModes.EARLIEST,
        autocommit: false,
        maxWaitTime: 500,
      });
      const received: { offset: bigint; partition: number; key: string; event: OrderEvent }[] = [];
      for await (const message of stream) {
        received.push({
          offset: message.offset,
          partition: message.partition,
          key: message.key,
          event: JSON.parse(message.value) as OrderEvent,
        });
        if (received.length === messageCount) break;
      }
      await stream.close();

      expect(received).toHaveLength(messageCount);
      received.forEach((message, seq) => {
        expect(message).toEqual({ offset: BigInt(seq), partition: 0, key: `o${seq}`, event: orderEvent(seq) });
      });
    } finally {
      await consumer.close(true);
      await producer.close();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.close();
    }
  }, 60_000);
});
