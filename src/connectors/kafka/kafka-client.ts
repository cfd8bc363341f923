// The few broker calls a Kafka source reader makes, as an interface (the real client and test fakes implement it).
import { protocolErrorsCodesById, type RecordsBatch } from '@platformatic/kafka';

/** The partitions of the topic, each with the broker that leads it (-1: no leader right now). */
export interface TopicLayout {
  /** The topic's id: fetches name topics by id, and a topic deleted and created again gets a new one. */
  readonly topicId: string;
  readonly leaders: ReadonlyMap<number, number>;
}

/** Which offset a lookup asks for: the log start, the log end, or the first record at or after a time (ms). */
export type OffsetQuery = 'earliest' | 'latest' | { readonly timestampMillis: bigint };

/** One partition's part of a fetch response. */
export interface FetchedPartition {
  readonly partition: number;
  /** Kafka's error code for this partition: 0 when the records are good. */
  readonly errorCode: number;
  /** -1 when the broker did not say (with an error). */
  readonly highWatermark: bigint;
  /** Record batches from the requested offset on; the first may start before it (a compressed batch is whole). */
  readonly batches: readonly RecordsBatch[];
}

/** Kafka's error codes that the reader acts upon. */
export const KafkaErrorCode = {
  offsetOutOfRange: 1,
  unknownTopicOrPartition: 3,
  leaderNotAvailable: 5,
  notLeaderOrFollower: 6,
  fencedLeaderEpoch: 74,
  unknownLeaderEpoch: 75,
  unknownTopicId: 100,
} as const;

/** Kafka's name for an error code, for messages: 'NOT_LEADER_OR_FOLLOWER'. */
export function kafkaErrorName(code: number): string {
  return protocolErrorsCodesById[code] ?? `error code ${code}`;
}

/**
 * A connection to the brokers of one topic, without group membership. Every call is one attempt: it throws
 * when a broker cannot be reached, and the reader retries at its next poll.
 */
export interface KafkaClient {
  /** The topic's current partitions and leaders, fresh from a broker. Throws when the topic does not exist. */
  layout(): Promise<TopicLayout>;
  /** Looks offsets up; a timestamp query gives -1 for a partition with no record at or after it. */
  offsets(partitions: readonly number[], query: OffsetQuery): Promise<Map<number, bigint>>;
  /**
   * Fetches from the broker `leader`, from each partition's `offset` on, waiting up to `maxWaitMs` for data.
   * Partition errors are returned in `errorCode` (without records); a failed request throws.
   */
  fetch(leader: number, topicId: string, requests: readonly { partition: number; offset: bigint }[], maxWaitMs: number): Promise<FetchedPartition[]>;
  close(): Promise<void>;
}
