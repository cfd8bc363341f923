// The KafkaClient of a Kafka source reader over a topic of the embedded broker.
import { KafkaErrorCode, type FetchedPartition, type KafkaClient, type OffsetQuery, type TopicLayout } from '../kafka/kafka-client.js';
import { recordsBatch } from '../kafka/records-batch.js';
import type { EmbeddedKafkaBroker } from './embedded-kafka-broker.js';
import type { EmbeddedTopic } from './embedded-topic.js';

/** The embedded broker's one node: every partition's leader. */
export const EMBEDDED_BROKER_ID = 1;
/** Most records, and about the most key and value bytes, one fetch returns per partition (as fetch.max.bytes would). */
const FETCH_MAX_RECORDS = 10_000;
const FETCH_MAX_BYTES = 2 << 20;

/**
 * Answers the reader's calls as a one-node cluster would: one leader, offsets from 0, OFFSET_OUT_OF_RANGE past the
 * end, UNKNOWN_TOPIC_ID for a topic that is not the one the reader looked up. A fetch that finds nothing waits
 * until a record is appended to the topic or `maxWaitMs` passes.
 */
export class EmbeddedKafkaClient implements KafkaClient {
  private closed = false;

  constructor(
    private readonly broker: EmbeddedKafkaBroker,
    private readonly topicName: string,
  ) {}

  private async topic(): Promise<EmbeddedTopic> {
    if (this.closed) throw new Error('the Kafka client is closed');
    const topic = await this.broker.topic(this.topicName);
    if (!topic) throw new Error(`unknown topic ${this.topicName}`);
    return topic;
  }

  async layout(): Promise<TopicLayout> {
    const topic = await this.topic();
    return { topicId: topic.settings.id, leaders: new Map(topic.partitions.map((_, partition) => [partition, EMBEDDED_BROKER_ID])) };
  }

  async offsets(partitions: readonly number[], query: OffsetQuery): Promise<Map<number, bigint>> {
    const topic = await this.topic();
    const result = new Map<number, bigint>();
    for (const partition of partitions) {
      const log = topic.partitions[partition];
      if (!log) continue;
      result.set(partition, query === 'earliest' ? 0n : query === 'latest' ? log.end : log.offsetAtTime(query.timestampMillis));
    }
    return result;
  }

  async fetch(leader: number, topicId: string, requests: readonly { partition: number; offset: bigint }[], maxWaitMs: number): Promise<FetchedPartition[]> {
    const topic = await this.topic();
    if (leader !== EMBEDDED_BROKER_ID) throw new Error(`broker ${leader} is not part of the embedded cluster`);
    if (topicId !== topic.settings.id) return requests.map(({ partition }) => failed(partition, KafkaErrorCode.unknownTopicId));
    const hasData = requests.some(({ partition, offset }) => {
      const log = topic.partitions[partition];
      return log === undefined || offset !== log.end;
    });
    if (!hasData && maxWaitMs > 0) await topic.waitForAppend(maxWaitMs);
    return Promise.all(
      requests.map(async ({ partition, offset }): Promise<FetchedPartition> => {
        const log = topic.partitions[partition];
        if (!log) return failed(partition, KafkaErrorCode.unknownTopicOrPartition);
        const highWatermark = log.end;
        if (offset < 0n || offset > highWatermark) return failed(partition, KafkaErrorCode.offsetOutOfRange);
        const records = await log.read(offset, FETCH_MAX_RECORDS, FETCH_MAX_BYTES);
        return { partition, errorCode: 0, highWatermark, batches: records.length === 0 ? [] : [recordsBatch(offset, records)] };
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function failed(partition: number, errorCode: number): FetchedPartition {
  return { partition, errorCode, highWatermark: -1n, batches: [] };
}
