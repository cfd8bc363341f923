// Where generated records go: a Kafka broker, a directory of files, a running Tally, or an embedded broker.
import type { CommerceStream, GeneratedRecord } from './commerce-streams.js';

/** A destination of the pacer's batches. */
export interface GeneratorTarget {
  /** Delivers records of one stream in their order; resolves once the destination has them (written, acknowledged). */
  send(stream: CommerceStream, records: readonly GeneratedRecord[]): Promise<void>;
  /** Flushes what is buffered and releases connections and files. */
  close(): Promise<void>;
}
