// Stand-ins for Kafka and the sinks' external systems: the real connectors' option checks, data kept in memory.
import { kafkaConnector } from '../../src/connectors/kafka/kafka-connector.js';
import { decoderFor } from '../../src/connectors/format/decoder-for.js';
import { emptyDecodedRecords } from '../../src/connectors/format/record-decoder.js';
import { MemoryTarget } from '../../src/engine/memory-sink.test-support.js';
import type { SinkConnector } from '../../src/stream/sink.js';
import type { SourceConnector, SourceReader, SourceSpec } from '../../src/stream/source.js';

/** One Kafka message: its value (null for a tombstone) and key, as the broker would hand them out. */
export interface FeedMessage {
  readonly value: string | null;
  readonly key?: string | null;
}

/**
 * Topics in memory, read through a source connector named 'kafka': the statements run as written (the
 * kafka connector's own `validate` checks their options), and each message goes through the decoder of the
 * source's FORMAT, as a Kafka reader's would. Messages produced before or after CREATE are all read.
 */
export class TopicFeed {
  private readonly topics = new Map<string, FeedMessage[]>();
  private readonly readers = new Set<{ readonly topic: string; taken: number }>();

  produce(topic: string, messages: readonly FeedMessage[]): void {
    const list = this.topics.get(topic) ?? [];
    list.push(...messages);
    this.topics.set(topic, list);
  }

  /** Messages of topics that some source reads, not yet polled. */
  unread(): number {
    let count = 0;
    for (const reader of this.readers) count += (this.topics.get(reader.topic)?.length ?? 0) - reader.taken;
    return count;
  }

  readonly connector: SourceConnector = {
    name: 'kafka',
    validate: (spec) => kafkaConnector.validate(spec),
    open: async (spec) => this.open(spec),
  };

  private open(spec: SourceSpec): SourceReader {
    const topic = spec.options.get('topic') ?? spec.options.get('connector.topic');
    if (!topic) throw new Error(`source ${spec.name} names no topic`);
    const decoder = decoderFor(spec);
    const cursor = { topic, taken: 0 };
    this.readers.add(cursor);
    return {
      poll: async (maxRecords) => {
        const messages = (this.topics.get(topic) ?? []).slice(cursor.taken, cursor.taken + maxRecords);
        const out = emptyDecodedRecords();
        for (const message of messages) decoder.decode(message.value, `${topic}:${cursor.taken++}`, out, message.key ?? null);
        return { changes: { rows: out.rows, weights: out.weights }, deadLetters: out.deadLetters };
      },
      position: () => cursor.taken,
      close: async () => {
        this.readers.delete(cursor);
      },
    };
  }
}

/**
 * A sink connector that checks options as `real` does and writes into memory instead of its system: one
 * MemoryTarget per sink, by sink name.
 */
export function inMemorySinks(real: SinkConnector): { readonly connector: SinkConnector; readonly targets: Map<string, MemoryTarget> } {
  const targets = new Map<string, MemoryTarget>();
  const connector: SinkConnector = {
    name: real.name,
    validate: (spec) => real.validate(spec),
    open: (spec) => {
      const target = new MemoryTarget(real.name);
      targets.set(spec.name, target);
      return target.open(spec);
    },
  };
  return { connector, targets };
}
