// Tests of the embedded broker: offsets and partitioning, restarts from its directory with torn tails, waiting fetches.
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compatibilityPartitioner } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaErrorCode } from '../kafka/kafka-client.js';
import { EmbeddedKafkaBroker } from './embedded-kafka-broker.js';
import { encodeFrames } from './log-frame.js';

const dirs: string[] = [];
const brokers: EmbeddedKafkaBroker[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-embedded-kafka-'));
  dirs.push(dir);
  return dir;
}

async function openBroker(options: Parameters<typeof EmbeddedKafkaBroker.open>[0] = {}): Promise<EmbeddedKafkaBroker> {
  const broker = await EmbeddedKafkaBroker.open(options);
  brokers.push(broker);
  return broker;
}

afterEach(async () => {
  for (const broker of brokers.splice(0)) await broker.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const text = (buffer: Buffer | null): string | null => (buffer === null ? null : buffer.toString('utf8'));

/** Every value of a partition, read back in pages of `page` records. */
async function values(broker: EmbeddedKafkaBroker, topic: string, partition: number, page = 1000): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (;;) {
    const read = await broker.read(topic, partition, BigInt(out.length), page);
    if (read.length === 0) return out;
    for (const message of read) {
      expect(message.offset).toBe(BigInt(out.length));
      out.push(text(message.value));
    }
  }
}

describe('embedded Kafka broker', () => {
  it('numbers each partition from 0, puts a key where Java clients would, and spreads keyless calls in turn', async () => {
    const broker = await openBroker();
    await broker.createTopic('orders', { partitions: 3 });
    const keys = Array.from({ length: 40 }, (_, index) => `O-${index}`);
    const landed = await broker.produce('orders', keys.map((key) => ({ key, value: `{"order_id":"${key}"}` })));
    const next = new Map<number, bigint>();
    landed.forEach(({ partition, offset }, index) => {
      expect(partition).toBe(compatibilityPartitioner({ topic: 'orders' }, Buffer.from(keys[index]!)) % 3);
      expect(offset).toBe(next.get(partition) ?? 0n);
      next.set(partition, offset + 1n);
    });
    expect(new Set(landed.map((l) => l.partition)).size).toBe(3);
    const ends = await broker.endOffsets('orders');
    expect(ends).toEqual([0, 1, 2].map((partition) => next.get(partition)));

    const calls = [];
    for (let call = 0; call < 3; call++) calls.push(await broker.produce('orders', [{ value: `a${call}` }, { value: `b${call}` }]));
    const keyless = calls.map((call) => call.map((l) => l.partition));
    for (const call of keyless) expect(new Set(call).size).toBe(1);
    expect(new Set(keyless.map((call) => call[0])).size).toBe(3);
  });

  it('auto-creates a topic with the default partitions when asked for a missing one, unless told not to', async () => {
    const broker = await openBroker({ defaultPartitions: 2 });
    await broker.produce('fresh', [{ value: 'x' }]);
    expect(await broker.endOffsets('fresh')).toHaveLength(2);
    const strict = await openBroker({ autoCreateTopics: false });
    await expect(strict.produce('missing', [{ value: 'x' }])).rejects.toThrow('topic "missing" does not exist');
    await expect(strict.client('missing').layout()).rejects.toThrow('unknown topic missing');
  });

  it('reopens a durable topic at the same offsets, with keys, timestamps and headers', async () => {
    const directory = freshDir();
    let broker = await openBroker({ directory });
    await broker.createTopic('events', { partitions: 2, compact: true });
    const produced = Array.from({ length: 2500 }, (_, index) => ({
      key: index % 7 === 0 ? null : `k${index % 11}`,
      value: index % 13 === 0 ? null : `{"n":${index}}`,
      timestamp: 1_700_000_000_000 + index,
      headers: (index % 5 === 0 ? { trace: `t${index}` } : {}) as Record<string, string>,
    }));
    const landed = await broker.produce('events', produced);
    await broker.close();

    broker = await openBroker({ directory });
    expect(broker.topicNames()).toEqual(['events']);
    for (const partition of [0, 1]) {
      const messages = await broker.read('events', partition, 0n, 10_000);
      const expected = produced.filter((_, index) => landed[index]!.partition === partition);
      expect(messages.map((m) => [text(m.key), text(m.value), m.timestamp, m.headers.map(([k, v]) => `${text(k)}=${text(v)}`)])).toEqual(
        expected.map((p) => [p.key, p.value, BigInt(p.timestamp), Object.entries(p.headers).map(([k, v]) => `${k}=${v}`)]),
      );
    }
    const more = await broker.produce('events', [{ key: 'k1', value: 'after restart' }]);
    const partitionLength = landed.filter((l) => l.partition === more[0]!.partition).length;
    expect(more[0]!.offset).toBe(BigInt(partitionLength));
  });

  it('cuts a torn record off the end of a log on open, and continues at the offset after the last whole one', async () => {
    const directory = freshDir();
    let broker = await openBroker({ directory });
    await broker.produce('t', Array.from({ length: 100 }, (_, index) => ({ value: `v${index}` })));
    await broker.close();
    const file = join(directory, 't', '0.log');
    const whole = statSync(file).size;
    // A crash half way through the next append: a frame cut short.
    const { bytes } = encodeFrames([{ key: null, value: Buffer.from('torn away'), timestamp: 0n, headers: [] }]);
    appendFileSync(file, bytes.subarray(0, bytes.length - 3));

    broker = await openBroker({ directory });
    expect(statSync(file).size).toBe(whole);
    expect(await broker.endOffsets('t')).toEqual([100n]);
    expect((await broker.produce('t', [{ value: 'v100' }]))[0]!.offset).toBe(100n);
    await broker.close();

    // A whole-looking frame whose bytes were not all written (zeros where the disk lost them): its checksum fails.
    const damaged = encodeFrames([{ key: null, value: Buffer.from('damaged'), timestamp: 0n, headers: [] }]).bytes;
    damaged.fill(0, 24, 28);
    const before = statSync(file).size;
    appendFileSync(file, Buffer.concat([damaged, encodeFrames([{ key: null, value: Buffer.from('after the damage'), timestamp: 0n, headers: [] }]).bytes]));
    broker = await openBroker({ directory, sync: false });
    expect(statSync(file).size).toBe(before);
    expect(await values(broker, 't', 0, 7)).toEqual(Array.from({ length: 101 }, (_, index) => `v${index}`));
  });

  it('reads old records back from the file once they left the in-memory tail', async () => {
    const directory = freshDir();
    const broker = await openBroker({ directory, sync: false });
    const count = 45_000;
    for (let start = 0; start < count; start += 5000) {
      await broker.produce('big', Array.from({ length: 5000 }, (_, index) => ({ value: String(start + index) })));
    }
    const read = await values(broker, 'big', 0, 4096);
    expect(read).toHaveLength(count);
    expect(read.every((value, index) => value === String(index))).toBe(true);
  });

  it('answers offset lookups by time, and out-of-range fetches with OFFSET_OUT_OF_RANGE', async () => {
    const broker = await openBroker();
    await broker.produce('t', [10, 20, 30].map((timestamp) => ({ value: `at ${timestamp}`, timestamp })));
    const client = broker.client('t');
    const { topicId } = await client.layout();
    expect(await client.offsets([0], { timestampMillis: 15n })).toEqual(new Map([[0, 1n]]));
    expect(await client.offsets([0], { timestampMillis: 31n })).toEqual(new Map([[0, -1n]]));
    expect(await client.offsets([0], 'earliest')).toEqual(new Map([[0, 0n]]));
    expect(await client.offsets([0], 'latest')).toEqual(new Map([[0, 3n]]));
    const [past] = await client.fetch(1, topicId, [{ partition: 0, offset: 4n }], 0);
    expect(past!.errorCode).toBe(KafkaErrorCode.offsetOutOfRange);
    const [stale] = await client.fetch(1, 'another-topic-id', [{ partition: 0, offset: 0n }], 0);
    expect(stale!.errorCode).toBe(KafkaErrorCode.unknownTopicId);
    const [middle] = await client.fetch(1, topicId, [{ partition: 0, offset: 1n }], 0);
    expect(middle!.highWatermark).toBe(3n);
    const batch = middle!.batches[0]!;
    expect(batch.firstOffset).toBe(1n);
    expect(batch.records.map((r) => [r.offsetDelta, text(r.value), batch.firstTimestamp + r.timestampDelta])).toEqual([
      [0, 'at 20', 20n],
      [1, 'at 30', 30n],
    ]);
  });

  it('lets a fetch at the end wait for the next record and wakes it when one arrives', async () => {
    const broker = await openBroker();
    await broker.createTopic('t', { partitions: 2 });
    const client = broker.client('t');
    const { topicId } = await client.layout();
    let answered = false;
    // Waits far longer than the test may run: only the record can end the wait.
    const fetching = client.fetch(1, topicId, [{ partition: 0, offset: 0n }, { partition: 1, offset: 0n }], 600_000).then((parts) => {
      answered = true;
      return parts;
    });
    await sleep(50);
    expect(answered).toBe(false);
    await broker.produce('t', [{ value: 'wake up', partition: 1 }]);
    const parts = await fetching;
    expect(parts.map((p) => [p.partition, p.highWatermark, p.batches.flatMap((b) => b.records.map((r) => text(r.value)))])).toEqual([
      [0, 0n, []],
      [1, 1n, ['wake up']],
    ]);
  });

  it('rejects a partition that does not exist and topic names Kafka would refuse', async () => {
    const broker = await openBroker();
    await broker.createTopic('t', { partitions: 2 });
    await expect(broker.produce('t', [{ value: 'x', partition: 2 }])).rejects.toThrow('partition 2 does not exist in topic "t" (it has 2)');
    await expect(broker.createTopic('no spaces')).rejects.toThrow('invalid topic name "no spaces"');
  });
});
