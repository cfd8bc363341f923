// The checkpointed position of a Kafka source: the next offset to read in each partition.
import { SqlError } from '../../types/error.js';

/**
 * `{ "<partition>": "<next offset>" }`: JSON-serializable, offsets as decimal strings because they are 64-bit
 * (numbers are accepted back too). Partitions it does not name start where the startup mode says.
 */
export type KafkaPosition = Record<string, string>;

const OFFSET = /^\d{1,19}$/;
const PARTITION = /^\d{1,10}$/;

/** The position of `nextOffsets`, in partition order. */
export function kafkaPosition(nextOffsets: ReadonlyMap<number, bigint>): KafkaPosition {
  const position: KafkaPosition = {};
  for (const partition of [...nextOffsets.keys()].sort((a, b) => a - b)) position[partition] = String(nextOffsets.get(partition));
  return position;
}

/** Checks a position from a checkpoint: undefined or null (start afresh) or what `kafkaPosition` returned. */
export function parseKafkaPosition(position: unknown): Map<number, bigint> {
  const offsets = new Map<number, bigint>();
  if (position === undefined || position === null) return offsets;
  const bad = (): never => {
    throw new SqlError('invalid_parameter_value', 'invalid checkpoint position for a Kafka source', {
      detail: `Expected {"<partition>": "<offset>", ...}, got ${JSON.stringify(position)}.`,
    });
  };
  if (typeof position !== 'object' || Array.isArray(position)) return bad();
  for (const [partition, offset] of Object.entries(position)) {
    const text = typeof offset === 'number' && Number.isSafeInteger(offset) ? String(offset) : offset;
    if (!PARTITION.test(partition) || typeof text !== 'string' || !OFFSET.test(text)) return bad();
    offsets.set(Number(partition), BigInt(text));
  }
  return offsets;
}
