// Builds a RecordsBatch as @platformatic/kafka decodes one from a fetch response, for brokers that are not on the wire.
import { IS_CONTROL, type KafkaRecord, type RecordsBatch } from '@platformatic/kafka';

/** One record of a batch: key and value (null: none, a tombstone), timestamp in ms, headers, offset within the batch. */
export interface BatchRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Milliseconds since the epoch; default 0. */
  readonly timestamp?: bigint;
  readonly headers?: readonly (readonly [Buffer, Buffer])[];
  /** Default: the record's index (compaction leaves gaps). */
  readonly offsetDelta?: number;
}

/**
 * A batch starting at `firstOffset` holding `records` in order, shaped as the client's fetch returns it: offsets
 * and timestamps as deltas from the first record's. `control` marks a transaction marker batch, `lastOffsetDelta`
 * a batch whose last offsets were compacted away.
 */
export function recordsBatch(firstOffset: bigint, records: readonly BatchRecord[], options: { control?: boolean; lastOffsetDelta?: number } = {}): RecordsBatch {
  const firstTimestamp = records[0]?.timestamp ?? 0n;
  let maxTimestamp = firstTimestamp;
  const built: KafkaRecord[] = records.map((record, index) => {
    const timestamp = record.timestamp ?? 0n;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    return {
      length: 0,
      attributes: 0,
      timestampDelta: timestamp - firstTimestamp,
      offsetDelta: record.offsetDelta ?? index,
      key: record.key,
      value: record.value,
      headers: (record.headers ?? []).map(([name, value]) => [name, value]),
    };
  });
  const lastDelta = options.lastOffsetDelta ?? (built.length === 0 ? 0 : built[built.length - 1]!.offsetDelta);
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: options.control ? IS_CONTROL : 0,
    lastOffsetDelta: lastDelta,
    firstTimestamp,
    maxTimestamp,
    producerId: -1n,
    producerEpoch: -1,
    firstSequence: -1,
    records: built,
  };
}
