// An in-memory KafkaClient and record batches, for tests of the Kafka reader without a broker.
import type { RecordsBatch } from '@platformatic/kafka';
import type { FetchedPartition, KafkaClient, OffsetQuery, TopicLayout } from './kafka-client.js';
import { recordsBatch as buildRecordsBatch } from './records-batch.js';

/** A record of a batch: its value (null: a tombstone), optional key, and offset within the batch. */
export interface TestRecord {
  readonly value: string | null;
  readonly key?: string;
  readonly offsetDelta?: number;
}

/** A batch starting at `firstOffset`; offsets follow the records unless they say (compaction leaves gaps). */
export function recordsBatch(firstOffset: bigint, records: readonly (string | TestRecord)[], options: { control?: boolean; lastOffsetDelta?: number } = {}): RecordsBatch {
  const built = records.map((r) => {
    const record = typeof r === 'string' ? { value: r } : r;
    return {
      key: record.key === undefined ? null : Buffer.from(record.key),
      value: record.value === null ? null : Buffer.from(record.value),
      ...(record.offsetDelta === undefined ? {} : { offsetDelta: record.offsetDelta }),
    };
  });
  return buildRecordsBatch(firstOffset, built, options);
}

/** One partition's log: records from `logStart` on. */
interface FakeLog {
  logStart: bigint;
  readonly values: (string | null)[];
  readonly timestamps: bigint[];
}

/**
 * A topic in memory. Fetches return batches of at most `batchSize` records from the requested offset;
 * `down` makes every call fail as an unreachable broker does; `partitionError` answers one partition's
 * fetches with an error code, once. Counts calls so that tests can see what a poll did.
 */
export class FakeKafkaClient implements KafkaClient {
  readonly logs = new Map<number, FakeLog>();
  down = false;
  closed = false;
  batchSize = 3;
  topicId = 'topic-1';
  readonly calls = { layout: 0, offsets: 0, fetch: 0 };
  readonly partitionErrors = new Map<number, number>();
  /** Partitions led by another broker than 1, and brokers that cannot be reached by fetches. */
  readonly leaders = new Map<number, number>();
  readonly downLeaders = new Set<number>();
  /** Offsets asked of each partition by fetches, in order. */
  readonly fetchedAt: { partition: number; offset: bigint }[] = [];

  constructor(partitions: number) {
    for (let partition = 0; partition < partitions; partition++) this.addPartition();
  }

  addPartition(): number {
    const partition = this.logs.size;
    this.logs.set(partition, { logStart: 0n, values: [], timestamps: [] });
    return partition;
  }

  produce(partition: number, ...values: (string | null)[]): void {
    const log = this.logs.get(partition)!;
    for (const value of values) {
      log.values.push(value);
      log.timestamps.push(BigInt(log.timestamps.length * 1000));
    }
  }

  private end(log: FakeLog): bigint {
    return log.logStart + BigInt(log.values.length);
  }

  private check(): void {
    if (this.down) throw new Error('Connection to 127.0.0.1:9 failed.', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
  }

  async layout(): Promise<TopicLayout> {
    this.calls.layout++;
    this.check();
    return { topicId: this.topicId, leaders: new Map([...this.logs.keys()].map((p) => [p, this.leaders.get(p) ?? 1])) };
  }

  async offsets(partitions: readonly number[], query: OffsetQuery): Promise<Map<number, bigint>> {
    this.calls.offsets++;
    this.check();
    const result = new Map<number, bigint>();
    for (const partition of partitions) {
      const log = this.logs.get(partition)!;
      if (query === 'earliest') result.set(partition, log.logStart);
      else if (query === 'latest') result.set(partition, this.end(log));
      else {
        const index = log.timestamps.findIndex((t) => t >= query.timestampMillis);
        result.set(partition, index < 0 ? -1n : log.logStart + BigInt(index));
      }
    }
    return result;
  }

  async fetch(leader: number, _topicId: string, requests: readonly { partition: number; offset: bigint }[]): Promise<FetchedPartition[]> {
    this.calls.fetch++;
    this.check();
    if (this.downLeaders.has(leader)) throw new Error(`Connection to broker ${leader} failed.`);
    return requests.map(({ partition, offset }) => {
      this.fetchedAt.push({ partition, offset });
      const log = this.logs.get(partition)!;
      const errorCode = this.partitionErrors.get(partition);
      if (errorCode !== undefined) {
        this.partitionErrors.delete(partition);
        return { partition, errorCode, highWatermark: -1n, batches: [] };
      }
      const highWatermark = this.end(log);
      if (offset < log.logStart || offset > highWatermark) return { partition, errorCode: 1, highWatermark: -1n, batches: [] };
      const from = Number(offset - log.logStart);
      const values = log.values.slice(from, from + this.batchSize);
      return { partition, errorCode: 0, highWatermark, batches: values.length === 0 ? [] : [recordsBatch(offset, values.map((value) => ({ value })))] };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
