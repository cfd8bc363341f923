// The crash test's Kafka side: fresh topics for the seed sources, fed their events slice by slice.
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import type { SeedEvent } from './seed-events.js';

const PRODUCE_BATCH = 1000;

/**
 * Fresh topics (unique per test run), one per source, and the events they are to receive, cut into slices by
 * `cuts` (fractions from 0 to 1, ascending): slice k of every topic holds its events from `cuts[k]` to
 * `cuts[k + 1]` of the way. Each event goes to the partition its key hashes to, so an order's events stay in order.
 */
export class EventFeed {
  /** Events sent so far, all topics together. */
  sent = 0;
  private slicesSent = 0;

  private constructor(
    private readonly admin: Admin,
    private readonly producer: Producer<string, string, string, string>,
    readonly topics: ReadonlyMap<string, string>,
    private readonly partitions: Readonly<Record<string, number>>,
    private readonly events: ReadonlyMap<string, readonly SeedEvent[]>,
    private readonly cuts: readonly number[],
  ) {}

  static async create(
    bootstrap: string,
    events: ReadonlyMap<string, readonly SeedEvent[]>,
    partitions: Readonly<Record<string, number>>,
    cuts: readonly number[],
  ): Promise<EventFeed> {
    const clientId = 'tally-seed-crash-test';
    const admin = new Admin({ clientId, bootstrapBrokers: [bootstrap] });
    // Idempotent: a send retried while a new topic's leader gets ready must not write records twice.
    const producer = new Producer({ clientId, bootstrapBrokers: [bootstrap], serializers: stringSerializers, idempotent: true });
    const topics = new Map<string, string>();
    const feed = new EventFeed(admin, producer, topics, partitions, events, cuts);
    try {
      for (const source of events.keys()) {
        const topic = `tally-crash-${source}-${process.pid}-${Date.now()}`;
        await admin.createTopics({ topics: [topic], partitions: partitions[source]!, replicas: 1 });
        topics.set(source, topic);
      }
    } catch (err) {
      await feed.close();
      throw err;
    }
    return feed;
  }

  /** How many slices there are. */
  get slices(): number {
    return this.cuts.length - 1;
  }

  /** Sends every slice up to `last` (included) not sent yet. */
  async sendThrough(last: number): Promise<void> {
    for (; this.slicesSent <= Math.min(last, this.slices - 1); this.slicesSent++) {
      for (const [source, list] of this.events) {
        const from = Math.floor(this.cuts[this.slicesSent]! * list.length);
        const to = Math.floor(this.cuts[this.slicesSent + 1]! * list.length);
        await this.send(this.topics.get(source)!, this.partitions[source]!, list.slice(from, to));
      }
    }
  }

  private async send(topic: string, partitions: number, events: readonly SeedEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += PRODUCE_BATCH) {
      const batch = events.slice(start, start + PRODUCE_BATCH);
      await this.producer.send({ messages: batch.map((event) => ({ topic, key: event.key, value: event.json, partition: partitionOf(event.key, partitions) })) });
      this.sent += batch.length;
    }
  }

  /** Closes the clients and deletes the topics. */
  async close(): Promise<void> {
    await this.producer.close();
    if (this.topics.size > 0) await this.admin.deleteTopics({ topics: [...this.topics.values()] }).catch(() => undefined);
    await this.admin.close();
  }
}

function partitionOf(key: string, partitions: number): number {
  let hash = 0;
  for (let charIdx = 0; charIdx < key.length; charIdx++) hash = (Math.imul(hash, 31) + key.charCodeAt(charIdx)) >>> 0;
  return hash % partitions;
}
