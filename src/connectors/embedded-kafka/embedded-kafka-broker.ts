// An in-process Kafka broker for the demo: topics of partition logs, durable under a directory or in memory.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaClient } from '../kafka/kafka-client.js';
import type { KafkaSinkProducer } from '../kafka/platformatic-kafka-producer.js';
import { EmbeddedKafkaClient } from './embedded-kafka-client.js';
import { embeddedKafkaProducer } from './embedded-kafka-producer.js';
import { EmbeddedTopic } from './embedded-topic.js';
import type { LogRecord } from './log-frame.js';

/** How the broker keeps its topics. */
export interface EmbeddedKafkaOptions {
  /** Keep topics under this directory (one subdirectory per topic, one log file per partition); else in memory. */
  readonly directory?: string;
  /** Partitions of topics created without a count (default 1). */
  readonly defaultPartitions?: number;
  /** Create a topic when a producer or reader names a missing one, as Kafka's `auto.create.topics.enable` (default true). */
  readonly autoCreateTopics?: boolean;
  /** fdatasync each append before acknowledging it (default true; durable brokers only). */
  readonly sync?: boolean;
}

/** A record to produce. Strings are UTF-8; the timestamp defaults to now. */
export interface ProducedRecord {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly timestamp?: number | bigint | Date;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** Default: the key's partition (murmur2, as Java clients), or for records without key one partition per call, in turn. */
  readonly partition?: number;
}

/** Where a produced record landed. */
export interface ProducedOffset {
  readonly partition: number;
  readonly offset: bigint;
}

/** A record read back, with its place. */
export interface EmbeddedMessage extends LogRecord {
  readonly partition: number;
  readonly offset: bigint;
}

/** Kafka's legal topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const READ_MAX_BYTES = 16 << 20;

const bytesOf = (data: string | Buffer | null | undefined): Buffer | null => (data === null || data === undefined ? null : typeof data === 'string' ? Buffer.from(data) : data);

function timestampOf(given: ProducedRecord['timestamp']): bigint {
  if (given === undefined) return BigInt(Date.now());
  if (given instanceof Date) return BigInt(given.getTime());
  return typeof given === 'bigint' ? given : BigInt(Math.trunc(given));
}

function checkTopicName(topic: string): void {
  if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    throw new Error(`invalid topic name "${topic}": use letters, digits, ".", "_" and "-"`);
  }
}

/**
 * A Kafka broker inside the process, for running pipelines without one installed. Sources read it through
 * `client(topic)` (a `KafkaClient`, as the Kafka connector's reader uses), sinks write through `producer(topic)`,
 * and generators through `produce`. With a directory, every acknowledged record survives a restart at the same
 * offset; without, topics live in memory. Records are never compacted or expired.
 */
export class EmbeddedKafkaBroker {
  private readonly topics = new Map<string, Promise<EmbeddedTopic>>();
  private readonly defaultPartitions: number;
  private readonly autoCreate: boolean;
  private readonly sync: boolean;
  private closed = false;

  private constructor(
    /** The broker's directory, when durable. */
    readonly directory: string | undefined,
    options: EmbeddedKafkaOptions,
  ) {
    this.defaultPartitions = options.defaultPartitions ?? 1;
    this.autoCreate = options.autoCreateTopics ?? true;
    this.sync = options.sync ?? true;
  }

  /** Opens the broker, reopening the topics its directory holds (cutting torn records off their logs). */
  static async open(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafkaBroker> {
    const broker = new EmbeddedKafkaBroker(options.directory, options);
    const directory = options.directory;
    if (directory === undefined) return broker;
    await mkdir(directory, { recursive: true });
    try {
      for (const entry of await readdir(directory, { withFileTypes: true })) {
        if (!entry.isDirectory() || !TOPIC_NAME.test(entry.name)) continue;
        const topic = await EmbeddedTopic.reopen(entry.name, join(directory, entry.name), broker.sync);
        if (topic) broker.topics.set(entry.name, Promise.resolve(topic));
      }
    } catch (err) {
      // The topics reopened so far hold open log files.
      await broker.close().catch(() => undefined);
      throw err;
    }
    return broker;
  }

  /** Names of the topics, sorted. */
  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** Creates `topic` unless it exists (a topic's partitions never change here). */
  async createTopic(topic: string, options: { partitions?: number; compact?: boolean } = {}): Promise<void> {
    await this.topicNamed(topic, options);
  }

  /** The topic, created when missing (always for `options`, otherwise when the broker auto-creates); undefined if missing. */
  async topic(topic: string, options?: { partitions?: number; compact?: boolean }): Promise<EmbeddedTopic | undefined> {
    if (this.closed) throw new Error('the embedded Kafka broker is closed');
    const existing = this.topics.get(topic);
    if (existing) return existing;
    if (!options && !this.autoCreate) return undefined;
    return this.topicNamed(topic, options ?? {});
  }

  private topicNamed(topic: string, options: { partitions?: number; compact?: boolean }): Promise<EmbeddedTopic> {
    const existing = this.topics.get(topic);
    if (existing) return existing;
    checkTopicName(topic);
    const partitions = options.partitions ?? this.defaultPartitions;
    if (!Number.isInteger(partitions) || partitions < 1) throw new Error(`invalid partition count ${partitions} for topic "${topic}"`);
    const compact = options.compact ?? false;
    const created =
      this.directory === undefined
        ? Promise.resolve(EmbeddedTopic.inMemory(topic, partitions, compact))
        : EmbeddedTopic.create(topic, join(this.directory, topic), partitions, compact, this.sync);
    this.topics.set(topic, created);
    created.catch(() => this.topics.delete(topic));
    return created;
  }

  /**
   * Appends `records` to `topic` (created when missing and the broker auto-creates) and resolves once every one is
   * readable (and, when durable, synced), to where each landed, in order. Records of one partition keep their
   * order; concurrent calls are applied one after the other per partition.
   */
  async produce(topic: string, records: readonly ProducedRecord[]): Promise<ProducedOffset[]> {
    const found = await this.topic(topic);
    if (!found) throw new Error(`topic "${topic}" does not exist`);
    const turn = found.takeTurn();
    const byPartition = new Map<number, { indexes: number[]; records: LogRecord[] }>();
    records.forEach((produced, index) => {
      const key = bytesOf(produced.key);
      const partition = found.partitionFor(key, produced.partition, turn);
      const headers = Object.entries(produced.headers ?? {}).map(([name, value]) => [Buffer.from(name), bytesOf(value)!] as const);
      const group = byPartition.get(partition) ?? { indexes: [], records: [] };
      group.indexes.push(index);
      group.records.push({ key, value: bytesOf(produced.value), timestamp: timestampOf(produced.timestamp), headers });
      byPartition.set(partition, group);
    });
    const landed = new Array<ProducedOffset>(records.length);
    await Promise.all(
      [...byPartition].map(async ([partition, group]) => {
        const first = await found.partitions[partition]!.append(group.records);
        group.indexes.forEach((index, position) => (landed[index] = { partition, offset: first + BigInt(position) }));
      }),
    );
    return landed;
  }

  /** Each partition's end offset (the offset the next record gets); undefined for a missing topic. */
  endOffsets(topic: string): Promise<bigint[] | undefined> {
    const found = this.topics.get(topic);
    return found ? found.then((t) => t.partitions.map((log) => log.end)) : Promise.resolve(undefined);
  }

  /** Up to `maxRecords` records of one partition from `offset` on (for tests and tools; readers use `client`). */
  async read(topic: string, partition: number, offset: bigint, maxRecords = 1000): Promise<EmbeddedMessage[]> {
    const found = await this.topics.get(topic);
    const log = found?.partitions[partition];
    if (!log) throw new Error(`topic "${topic}" has no partition ${partition}`);
    const records = await log.read(offset, maxRecords, READ_MAX_BYTES);
    return records.map((record, index) => ({ ...record, partition, offset: offset + BigInt(index) }));
  }

  /** A `KafkaClient` over `topic` for the Kafka source reader; the topic is looked up (or auto-created) by `layout`. */
  client(topic: string): KafkaClient {
    return new EmbeddedKafkaClient(this, topic);
  }

  /** A `KafkaSinkProducer` writing to `topic`, for the Kafka sink. */
  producer(topic: string): KafkaSinkProducer {
    return embeddedKafkaProducer(this, topic);
  }

  /** Waits for appends under way and closes the logs; later calls fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const topics = await Promise.allSettled(this.topics.values());
    await Promise.all(topics.map((t) => (t.status === 'fulfilled' ? t.value.close() : undefined)));
  }
}
