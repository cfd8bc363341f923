// The KafkaClient of a source reader, over @platformatic/kafka's consumer used without joining a group.
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, GenericError, ResponseError, type fetchV17 } from '@platformatic/kafka';
import type { FetchedPartition, KafkaClient, OffsetQuery, TopicLayout } from './kafka-client.js';

/** Timeouts and fetch sizes; the defaults suit a reader polled once per epoch. */
export interface KafkaClientTuning {
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Most bytes one fetch brings back from one broker, and from one partition. */
  readonly fetchMaxBytes?: number;
  readonly partitionMaxBytes?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
const DEFAULT_FETCH_MAX_BYTES = 16 << 20;
const DEFAULT_PARTITION_MAX_BYTES = 2 << 20;
type FetchResponse = fetchV17.FetchResponse;

/** ListOffsets' special timestamps. */
const EARLIEST_TIMESTAMP = -2n;
const LATEST_TIMESTAMP = -1n;

/** What the client needs to reach the topic. */
export interface KafkaEndpoint {
  readonly topic: string;
  readonly bootstrapServers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
}

/** A just-created topic's leaders take a moment to serve: offset lookups meeting a stale leader are tried again. */
const STALE_LEADER_ATTEMPTS = 5;
const STALE_LEADER_DELAY_MS = 100;

/** Whether the client says its metadata was stale (a leader moved or is not ready yet). */
function isStaleLeader(err: unknown): boolean {
  if (!(err instanceof Error) || !GenericError.isGenericError(err)) return false;
  // findBy searches the error and the errors it gathers.
  return (err as GenericError).findBy('hasStaleMetadata', true) !== null;
}

function queryTimestamp(query: OffsetQuery): bigint {
  if (query === 'earliest') return EARLIEST_TIMESTAMP;
  if (query === 'latest') return LATEST_TIMESTAMP;
  return query.timestampMillis;
}

/** The partitions of a fetch response; with `keepRecords` false (a response that came with errors) only their state. */
function fetchedPartitions(response: FetchResponse, keepRecords: boolean): FetchedPartition[] {
  const out: FetchedPartition[] = [];
  for (const topic of response.responses) {
    for (const p of topic.partitions) {
      out.push({
        partition: p.partitionIndex,
        errorCode: p.errorCode,
        highWatermark: p.highWatermark,
        batches: keepRecords && p.errorCode === 0 ? (p.records ?? []) : [],
      });
    }
  }
  return out;
}

/**
 * A client that assigns itself partitions explicitly: it looks up metadata and offsets and fetches by leader,
 * never joining the consumer group (`groupId` only labels it) nor committing offsets. Retries are off: each call
 * is one attempt, so that a poll fails fast when the brokers are away. Fetches read committed records only
 * (the client drops records of aborted transactions).
 */
export function platformaticKafkaClient(endpoint: KafkaEndpoint, tuning: KafkaClientTuning = {}): KafkaClient {
  const { topic } = endpoint;
  const consumer = new Consumer({
    clientId: endpoint.clientId,
    groupId: endpoint.groupId,
    bootstrapBrokers: [...endpoint.bootstrapServers],
    retries: 0,
    connectTimeout: tuning.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    timeout: tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    autocreateTopics: false,
  });
  async function withFreshLeaders<T>(lookup: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await lookup();
      } catch (err) {
        if (attempt >= STALE_LEADER_ATTEMPTS || !isStaleLeader(err)) throw err;
        await sleep(STALE_LEADER_DELAY_MS * attempt);
        await consumer.metadata({ topics: [topic], forceUpdate: true });
      }
    }
  }
  const fetchMaxBytes = tuning.fetchMaxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const partitionMaxBytes = tuning.partitionMaxBytes ?? DEFAULT_PARTITION_MAX_BYTES;

  return {
    async layout(): Promise<TopicLayout> {
      const metadata = await consumer.metadata({ topics: [topic], forceUpdate: true });
      const info = metadata.topics.get(topic);
      if (!info) throw new Error(`unknown topic ${topic}`);
      const leaders = new Map<number, number>();
      info.partitions.forEach((p, partition) => leaders.set(partition, p.leader));
      return { topicId: info.id, leaders };
    },

    async offsets(partitions, query): Promise<Map<number, bigint>> {
      const result = new Map<number, bigint>();
      if (partitions.length === 0) return result;
      const found = await withFreshLeaders(() => consumer.listOffsets({ topics: [topic], partitions: { [topic]: [...partitions] }, timestamp: queryTimestamp(query) }));
      const offsets = found.get(topic) ?? [];
      for (const partition of partitions) {
        const offset = offsets[partition];
        if (offset !== undefined) result.set(partition, offset);
      }
      return result;
    },

    async fetch(leader, topicId, requests, maxWaitMs): Promise<FetchedPartition[]> {
      const partitions = requests.map(({ partition, offset }) => ({
        partition,
        fetchOffset: offset,
        // -1: no leader-epoch fencing; a moved leader shows as NOT_LEADER_OR_FOLLOWER and the reader refreshes.
        currentLeaderEpoch: -1,
        lastFetchedEpoch: -1,
        partitionMaxBytes,
      }));
      try {
        const response = await consumer.fetch({ node: leader, topics: [{ topicId, partitions }], maxWaitTime: maxWaitMs, minBytes: 1, maxBytes: fetchMaxBytes });
        return fetchedPartitions(response, true);
      } catch (err) {
        // Partition errors come as a ResponseError carrying the response: report them per partition. Its records
        // are dropped, since the client filters aborted transactions only from responses without errors.
        const response = err instanceof ResponseError ? (err as ResponseError & { response?: FetchResponse }).response : undefined;
        if (response && response.errorCode === 0) return fetchedPartitions(response, false);
        throw err;
      }
    },

    close(): Promise<void> {
      return consumer.close();
    },
  };
}
