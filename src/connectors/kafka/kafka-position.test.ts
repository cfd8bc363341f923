// Tests of the Kafka source position: JSON round trip and refusal of malformed checkpoints.
import { describe, expect, it } from 'vitest';
import { kafkaPosition, parseKafkaPosition } from './kafka-position.js';

describe('kafka position', () => {
  it('round-trips through JSON, 64-bit offsets exactly', () => {
    const offsets = new Map([
      [2, 9007199254740993n],
      [0, 12n],
      [1, 0n],
    ]);
    const position = kafkaPosition(offsets);
    expect(position).toEqual({ 0: '12', 1: '0', 2: '9007199254740993' });
    expect(parseKafkaPosition(JSON.parse(JSON.stringify(position)))).toEqual(offsets);
  });

  it('starts afresh without a position and accepts numeric offsets', () => {
    expect(parseKafkaPosition(undefined)).toEqual(new Map());
    expect(parseKafkaPosition(null)).toEqual(new Map());
    expect(parseKafkaPosition({ 3: 7 })).toEqual(new Map([[3, 7n]]));
  });

  it('refuses malformed positions', () => {
    for (const bad of ['0:1', [1, 2], { x: '1' }, { 0: '-1' }, { 0: 1.5 }, { 0: 'abc' }]) {
      expect(() => parseKafkaPosition(bad)).toThrow('invalid checkpoint position for a Kafka source');
    }
  });
});
