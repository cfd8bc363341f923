// The producer of a Kafka sink, over @platformatic/kafka: idempotent, acks from all in-sync replicas, Java's key partitioning.
import { Admin, Producer, ResponseError, compatibilityPartitioner } from '@platformatic/kafka';
import { SqlError } from '../../types/error.js';
import type { KafkaSinkMessage } from './kafka-sink-messages.js';

/** Timeouts and retries; the defaults suit a sink written once per epoch. */
export interface KafkaProducerTuning {
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /**
   * Attempts after the first within one send, at least 2 (the library makes fewer retries of an idempotent
   * producer unlimited); the idempotent producer repeats them with the same sequence numbers.
   */
  readonly retries?: number;
  readonly retryDelayMs?: number;
}

/** Where the producer writes. */
export interface KafkaProducerEndpoint {
  readonly topic: string;
  readonly bootstrapServers: readonly string[];
  readonly clientId: string;
}

/** How `prepareTopic` finds the topic: created when missing (compacted or not), or required to exist. */
export type TopicPreparation = { readonly create: true; readonly compact: boolean } | { readonly create: false };

/** The broker calls a Kafka sink writer makes (the real producer and test doubles implement it). */
export interface KafkaSinkProducer {
  /** Creates the topic when asked and it is missing, then checks that it exists; throws when the brokers are away. */
  prepareTopic(preparation: TopicPreparation): Promise<void>;
  /** Resolves when the brokers acknowledged every message (acks from all in-sync replicas); throws otherwise. */
  send(messages: readonly KafkaSinkMessage[]): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
// The library would retry an idempotent producer's sends forever: a sink must fail so that its error shows.
const DEFAULT_RETRIES = 3;
/** The library turns `retries` below this into unlimited retries for idempotent producers. */
const MIN_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 250;

const TOPIC_ALREADY_EXISTS = 36;
/**
 * Errors after which the broker no longer accepts this producer's sequence numbers: OUT_OF_ORDER_SEQUENCE_NUMBER,
 * INVALID_PRODUCER_EPOCH, UNKNOWN_PRODUCER_ID. Only a new producer id gets past them.
 */
const PRODUCER_STATE_ERRORS: ReadonlySet<number> = new Set([45, 47, 59]);

/** Kafka error codes anywhere in an error and the errors it gathers. */
function errorCodes(err: unknown, depth = 0): number[] {
  if (!(err instanceof Error) || depth > 4) return [];
  const { apiCode, errors, cause } = err as Error & { apiCode?: unknown; errors?: unknown; cause?: unknown };
  const own = typeof apiCode === 'number' ? [apiCode] : [];
  const inner = Array.isArray(errors) ? errors : cause !== undefined ? [cause] : [];
  return own.concat(...inner.map((e) => errorCodes(e, depth + 1)));
}

/** Whether CreateTopics failed only because the topic exists already (another writer created it first). */
function onlyAlreadyExists(err: unknown): boolean {
  if (!(err instanceof ResponseError)) return false;
  const response = (err as ResponseError & { response?: { topics?: { errorCode: number }[] } }).response;
  return (response?.topics ?? []).every((topic) => topic.errorCode === 0 || topic.errorCode === TOPIC_ALREADY_EXISTS);
}

const isUnknownTopic = (err: unknown): boolean => err instanceof Error && /^unknown topic/i.test(err.message);

/**
 * A producer for one topic. Idempotent (the broker drops a message repeated by the client's own retries) and
 * with acks = all. Keys are partitioned as Java clients do (murmur2), so every change of a key lands in the
 * same partition in order. After an error that invalidates the producer's sequence numbers, the next send
 * starts over with a new producer id.
 */
export function platformaticKafkaProducer(endpoint: KafkaProducerEndpoint, tuning: KafkaProducerTuning = {}): KafkaSinkProducer {
  const base = {
    clientId: endpoint.clientId,
    bootstrapBrokers: [...endpoint.bootstrapServers],
    connectTimeout: tuning.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    timeout: tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retries: Math.max(MIN_RETRIES, tuning.retries ?? DEFAULT_RETRIES),
    retryDelay: tuning.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  };
  const newProducer = (): Producer<Buffer, Buffer | null> =>
    new Producer<Buffer, Buffer | null>({
      ...base,
      idempotent: true,
      autocreateTopics: false,
      partitioner: compatibilityPartitioner,
      // A null value is a tombstone: the record goes out without a value.
      serializers: { value: (value?: Buffer | null) => value ?? undefined },
    });
  let producer = newProducer();
  const { topic } = endpoint;

  return {
    async prepareTopic(preparation): Promise<void> {
      if (preparation.create) {
        const admin = new Admin(base);
        try {
          const configs = preparation.compact ? [{ name: 'cleanup.policy', value: 'compact' }] : [];
          await admin.createTopics({ topics: [topic], configs });
        } catch (err) {
          if (!onlyAlreadyExists(err)) throw err;
        } finally {
          await admin.close();
        }
      }
      try {
        await producer.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false });
      } catch (err) {
        if (!isUnknownTopic(err)) throw err;
        throw new SqlError('undefined_object', `Kafka topic "${topic}" does not exist`, {
          hint: "Create the topic, or leave out topic.create = 'false' so that the sink creates it.",
        });
      }
    },

    async send(messages): Promise<void> {
      try {
        await producer.send({ messages: messages.map(({ key, value }) => ({ topic, key, value })) });
      } catch (err) {
        if (errorCodes(err).some((code) => PRODUCER_STATE_ERRORS.has(code))) {
          const stale = producer;
          producer = newProducer();
          await stale.close().catch(() => undefined);
        }
        throw err;
      }
    },

    close(): Promise<void> {
      return producer.close();
    },
  };
}
