// Tests of the Kafka reader over an in-memory client: offsets, startup modes, resume, failures and recovery.
import { describe, expect, it } from 'vitest';
import type { SourceBatch } from '../../stream/source.js';
import { plainJsonDecoder } from '../format/plain-json-decoder.js';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { FakeKafkaClient } from './fake-kafka-client.test-support.js';
import { KafkaErrorCode } from './kafka-client.js';
import type { KafkaStartup } from './kafka-options.js';
import { KafkaSourceReader, type KafkaReaderTuning } from './kafka-source-reader.js';

const decoder = plainJsonDecoder(sourceSpec(columns(['n', 'int4'])));

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

function open(client: FakeKafkaClient, position = new Map<number, bigint>(), startup: KafkaStartup = { kind: 'earliest' }, tuning: KafkaReaderTuning = {}) {
  const source = { topic: 'orders', bootstrap: '127.0.0.1:9', startup, decoder, withKeys: false };
  return KafkaSourceReader.open(client, source, position, { fetchWaitMs: 0, ...tuning });
}

/** Produces `{"n": value}` records. */
function produce(client: FakeKafkaClient, partition: number, ...values: number[]): void {
  client.produce(partition, ...values.map((n) => JSON.stringify({ n })));
}

const values = (batch: SourceBatch): number[] => batch.changes.rows.map((row) => row[0] as number);
const sorted = (ns: number[]): number[] => [...ns].sort((a, b) => a - b);

async function readAll(reader: KafkaSourceReader, maxRecords = 1000): Promise<number[]> {
  const seen: number[] = [];
  for (;;) {
    const got = values(await reader.poll(maxRecords));
    if (got.length === 0) return seen;
    seen.push(...got);
  }
}

describe('KafkaSourceReader', () => {
  it('reads every partition, at most maxRecords per poll, and reports position and lag', async () => {
    const client = new FakeKafkaClient(3);
    produce(client, 0, 1, 2, 3, 4);
    produce(client, 1, 11, 12);
    produce(client, 2, 21, 22, 23, 24, 25);
    const reader = await open(client);
    expect(reader.partitionLag()).toEqual(new Map([[0, 4n], [1, 2n], [2, 5n]]));
    const first = values(await reader.poll(4));
    expect(first).toHaveLength(4);
    // Round-robin: every partition contributes.
    expect(new Set(first.map((n) => Math.floor(n / 10)))).toEqual(new Set([0, 1, 2]));
    const rest = await readAll(reader);
    expect(sorted([...first, ...rest])).toEqual([1, 2, 3, 4, 11, 12, 21, 22, 23, 24, 25]);
    expect(reader.position()).toEqual({ 0: '4', 1: '2', 2: '5' });
    expect(reader.partitionLag()).toEqual(new Map([[0, 0n], [1, 0n], [2, 0n]]));
    await reader.close();
    expect(client.closed).toBe(true);
  });

  it('fetches on while a partition holds more than a fetch gives, and stops at its end: later records wait for the next poll', async () => {
    const clock = manualClock();
    const client = new FakeKafkaClient(1); // three records per fetch
    produce(client, 0, 1, 2, 3, 4, 5, 6, 7);
    const reader = await open(client, undefined, undefined, { now: clock.now });
    let fetches = client.calls.fetch;
    expect(values(await reader.poll(100))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(client.calls.fetch - fetches).toBe(3);
    // A steady stream: a record lands after every fetch. A poll takes what reached the end, not each newcomer.
    const fetch = client.fetch.bind(client);
    let next = 8;
    client.fetch = async (...args) => {
      const fetched = await fetch(...args);
      produce(client, 0, next++);
      return fetched;
    };
    expect(values(await reader.poll(100))).toEqual([]);
    fetches = client.calls.fetch;
    expect(values(await reader.poll(100))).toEqual([8]);
    expect(values(await reader.poll(100))).toEqual([9]);
    expect(client.calls.fetch - fetches).toBe(2);
  });

  it('resumes exactly at a position; partitions it does not name start by the startup mode', async () => {
    const client = new FakeKafkaClient(2);
    produce(client, 0, 1, 2, 3);
    produce(client, 1, 11, 12);
    const first = await open(client);
    const before = values(await first.poll(3));
    expect(before).toHaveLength(3);
    const position = JSON.parse(JSON.stringify(first.position())) as Record<string, string>;
    const resumed = await open(client, new Map(Object.entries(position).map(([p, o]) => [Number(p), BigInt(o)])));
    const after = await readAll(resumed);
    expect(sorted([...before, ...after])).toEqual([1, 2, 3, 11, 12]);
    // Partition 1 absent from the position: 'latest' skips what it holds.
    const latest = await open(client, new Map([[0, 1n]]), { kind: 'latest' });
    produce(client, 1, 13);
    expect(sorted(await readAll(latest))).toEqual([2, 3, 13]);
  });

  it("starts at the end with 'latest' and at the first record at or after a time with a timestamp", async () => {
    const client = new FakeKafkaClient(1);
    produce(client, 0, 1, 2, 3); // timestamps 0, 1000, 2000 ms
    const latest = await open(client, undefined, { kind: 'latest' });
    expect(await readAll(latest)).toEqual([]);
    produce(client, 0, 4);
    expect(await readAll(latest)).toEqual([4]);
    expect(await readAll(await open(client, undefined, { kind: 'timestamp', millis: 1500n }))).toEqual([3, 4]);
    // After the last record: the end of the partition.
    const future = await open(client, undefined, { kind: 'timestamp', millis: 99_000n });
    expect(future.position()).toEqual({ 0: '4' });
  });

  it('fails with a clear error while the broker is away, backs off, and resumes without loss or duplicates', async () => {
    const clock = manualClock();
    const client = new FakeKafkaClient(2);
    produce(client, 0, 1, 2);
    produce(client, 1, 11);
    const reader = await open(client, undefined, undefined, { now: clock.now, retryMinMs: 100, retryMaxMs: 400 });
    expect(sorted(await readAll(reader))).toEqual([1, 2, 11]);
    client.down = true;
    produce(client, 0, 3);
    await expect(reader.poll(100)).rejects.toThrow(
      'could not read Kafka topic "orders" from 127.0.0.1:9: connection to 127.0.0.1:9 failed: connect ECONNREFUSED 127.0.0.1:9',
    );
    // Within the back-off the error is repeated without calling the broker.
    const calls = client.calls.fetch + client.calls.layout;
    await expect(reader.poll(100)).rejects.toThrow('could not read Kafka topic "orders"');
    expect(client.calls.fetch + client.calls.layout).toBe(calls);
    clock.advance(100);
    await expect(reader.poll(100)).rejects.toThrow('could not read Kafka topic "orders"');
    clock.advance(150);
    await expect(reader.poll(100)).rejects.toThrow('could not read Kafka topic "orders"'); // still within 200 ms
    clock.advance(100);
    client.down = false;
    produce(client, 1, 12);
    expect(sorted(await readAll(reader))).toEqual([3, 12]);
    expect(reader.position()).toEqual({ 0: '3', 1: '2' });
  });

  it('returns what healthy leaders gave and reports the failed one at the next poll', async () => {
    const clock = manualClock();
    const client = new FakeKafkaClient(2);
    client.leaders.set(1, 2);
    produce(client, 0, 1);
    produce(client, 1, 11);
    const reader = await open(client, undefined, undefined, { now: clock.now });
    client.downLeaders.add(2);
    expect(values(await reader.poll(100))).toEqual([1]);
    await expect(reader.poll(100)).rejects.toThrow('could not read Kafka topic "orders" from 127.0.0.1:9: connection to broker 2 failed');
    client.downLeaders.clear();
    clock.advance(1000);
    expect(await readAll(reader, 100)).toEqual([11]);
  });

  it('picks up partitions added to the topic and reads them from their beginning', async () => {
    const clock = manualClock();
    const client = new FakeKafkaClient(1);
    const reader = await open(client, undefined, { kind: 'latest' }, { now: clock.now, metadataRefreshMs: 1000 });
    const added = client.addPartition();
    produce(client, added, 31, 32);
    expect(await readAll(reader)).toEqual([]);
    clock.advance(1000);
    expect(await readAll(reader)).toEqual([31, 32]);
    expect(reader.position()).toEqual({ 0: '0', 1: '2' });
  });

  it('restarts at the log start when its offset fell out of range, and refreshes leaders on stale metadata', async () => {
    const client = new FakeKafkaClient(1);
    produce(client, 0, 1, 2, 3, 4);
    const reader = await open(client, new Map([[0, 1n]]));
    client.logs.get(0)!.logStart = 2n; // retention removed offsets 0 and 1 (values 1 and 2 stay addressable below)
    client.logs.get(0)!.values.splice(0, 2);
    expect(await readAll(reader)).toEqual([3, 4]);
    expect(reader.position()).toEqual({ 0: '4' });
    client.partitionErrors.set(0, KafkaErrorCode.notLeaderOrFollower);
    const layouts = client.calls.layout;
    produce(client, 0, 5);
    expect(await readAll(reader)).toEqual([5]);
    expect(client.calls.layout).toBe(layouts + 1);
  });

  it('fails to open a topic it cannot look up, closing its client', async () => {
    const client = new FakeKafkaClient(1);
    client.down = true;
    await expect(open(client)).rejects.toThrow('Connection to 127.0.0.1:9 failed.');
    expect(client.closed).toBe(true);
  });
});
