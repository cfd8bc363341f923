// Tests of a Kafka partition's buffer: offsets, partial drains, control batches, compaction gaps, keys.
import { describe, expect, it } from 'vitest';
import { emptyDecodedRecords, type RecordDecoder } from '../format/record-decoder.js';
import { recordsBatch } from './fake-kafka-client.test-support.js';
import { KafkaPartition } from './kafka-partition.js';

/** A decoder that keeps each record as a row of [payload, offset, key]. */
const recording: RecordDecoder = {
  headerRecords: 0,
  startStream: () => undefined,
  isComplete: () => true,
  decode(payload, offset, out, key) {
    out.rows.push([payload, offset, key ?? null]);
    out.weights.push(1);
  },
};

function drain(partition: KafkaPartition, max: number, withKeys = false): unknown[][] {
  const out = emptyDecodedRecords();
  expect(partition.drain(max, recording, out, withKeys)).toBe(out.rows.length);
  return out.rows;
}

describe('KafkaPartition', () => {
  it('returns records in order across calls, moving nextOffset past each one returned', () => {
    const partition = new KafkaPartition(2, 10n, 15n);
    partition.buffer([recordsBatch(10n, ['a', 'b', 'c']), recordsBatch(13n, ['d', 'e'])]);
    expect(partition.lag).toBe(5n);
    expect(drain(partition, 2)).toEqual([
      ['a', '2-10', null],
      ['b', '2-11', null],
    ]);
    expect(partition.nextOffset).toBe(12n);
    expect(partition.hasBuffered).toBe(true);
    expect(drain(partition, 10)).toEqual([
      ['c', '2-12', null],
      ['d', '2-13', null],
      ['e', '2-14', null],
    ]);
    expect(partition.nextOffset).toBe(15n);
    expect(partition.hasBuffered).toBe(false);
    expect(partition.lag).toBe(0n);
  });

  it('skips records before nextOffset in a batch fetched whole', () => {
    const partition = new KafkaPartition(0, 5n);
    partition.buffer([recordsBatch(3n, ['x', 'y', 'z', 'w'])]);
    expect(drain(partition, 10).map((r) => r[1])).toEqual(['0-5', '0-6']);
    expect(partition.nextOffset).toBe(7n);
  });

  it('steps over control batches and offsets removed by compaction', () => {
    const partition = new KafkaPartition(0, 0n);
    partition.buffer([
      recordsBatch(0n, [{ value: 'a', offsetDelta: 0 }, { value: 'b', offsetDelta: 3 }], { lastOffsetDelta: 5 }),
      recordsBatch(6n, [{ value: 'marker' }], { control: true }),
      recordsBatch(7n, [], { lastOffsetDelta: 2 }),
    ]);
    expect(drain(partition, 1).map((r) => r[1])).toEqual(['0-0']);
    expect(partition.nextOffset).toBe(1n);
    expect(drain(partition, 10).map((r) => r[1])).toEqual(['0-3']);
    // The batch's last offsets were compacted away, the marker is not data, the empty batch spans 7..9.
    expect(partition.nextOffset).toBe(10n);
    expect(partition.hasBuffered).toBe(false);
  });

  it('passes keys only when asked and tombstones as null payloads', () => {
    const partition = new KafkaPartition(1, 0n);
    partition.buffer([recordsBatch(0n, [{ value: '{"v":1}', key: 'k1' }, { value: null, key: 'k2' }])]);
    expect(drain(partition, 10, true)).toEqual([
      ['{"v":1}', '1-0', 'k1'],
      [null, '1-1', 'k2'],
    ]);
    partition.resetTo(0n);
    partition.buffer([recordsBatch(0n, [{ value: 'v', key: 'k' }])]);
    expect(drain(partition, 10, false)).toEqual([['v', '1-0', null]]);
  });

  it('drops what it buffered when reset', () => {
    const partition = new KafkaPartition(0, 0n);
    partition.buffer([recordsBatch(0n, ['a', 'b'])]);
    partition.resetTo(100n);
    expect(partition.hasBuffered).toBe(false);
    expect(partition.nextOffset).toBe(100n);
  });
});
