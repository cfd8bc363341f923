// Tests of epochNumberToTimestamp: the unit guessed from the magnitude.
import { describe, expect, it } from 'vitest';
import { epochNumberToTimestamp } from './epoch-number-to-timestamp.js';

describe('epochNumberToTimestamp', () => {
  it('reads seconds, milliseconds, microseconds and nanoseconds', () => {
    expect(epochNumberToTimestamp('1575158400')).toBe(1575158400000000n);
    expect(epochNumberToTimestamp('1575158400123')).toBe(1575158400123000n);
    expect(epochNumberToTimestamp('1575158400123456')).toBe(1575158400123456n);
    expect(epochNumberToTimestamp('1575158400123456789')).toBe(1575158400123456n);
    expect(epochNumberToTimestamp('-86400')).toBe(-86400000000n);
    expect(epochNumberToTimestamp('0')).toBe(0n);
  });

  it('refuses times outside the timestamp range', () => {
    expect(() => epochNumberToTimestamp('10000000000000000000000000')).toThrow('timestamp out of range: "10000000000000000000000000"');
  });
});
