// Tests of HopWindow and tumbleStart, against a brute-force enumeration of aligned windows.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tumbleStart, tumbleWindowBound } from '../../types/time-window.js';
import { HopWindow } from './hop-window.js';

const MINUTE = 60_000_000n;

describe('tumbleStart', () => {
  it('floors to the window size, also before 1970', () => {
    expect(tumbleStart(5n * MINUTE + 3n, 5n * MINUTE, 0n)).toBe(5n * MINUTE);
    expect(tumbleStart(5n * MINUTE, 5n * MINUTE, 0n)).toBe(5n * MINUTE);
    expect(tumbleStart(-1n, 5n * MINUTE, 0n)).toBe(-5n * MINUTE);
    expect(tumbleStart(-5n * MINUTE, 5n * MINUTE, 0n)).toBe(-5n * MINUTE);
  });

  it('aligns starts to the offset', () => {
    expect(tumbleStart(0n, 5n * MINUTE, MINUTE)).toBe(-4n * MINUTE);
    expect(tumbleStart(MINUTE, 5n * MINUTE, MINUTE)).toBe(MINUTE);
    expect(tumbleStart(7n * MINUTE, 5n * MINUTE, -MINUTE)).toBe(4n * MINUTE);
  });
});

describe('tumbleWindowBound', () => {
  it('equals tumbleStart and its end for any time, size and offset, in any arrival order (property)', () => {
    const time = fc.oneof(
      fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
      fc.bigInt({ min: -1000n * MINUTE, max: 1000n * MINUTE }),
      fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 9223372036854775807n, -9223372036854775808n),
    );
    const size = fc.oneof(fc.bigInt({ min: 1n, max: 60n * MINUTE }), fc.constantFrom(MINUTE, 60n * MINUTE, 2n ** 62n));
    const offset = fc.bigInt({ min: -10n * MINUTE, max: 10n * MINUTE });
    fc.assert(
      fc.property(size, offset, fc.array(time, { maxLength: 20 }), (width, shift, times) => {
        const start = tumbleWindowBound(width, shift, 'start');
        const end = tumbleWindowBound(width, shift, 'end');
        for (const t of times) {
          expect(start(t)).toBe(tumbleStart(t, width, shift));
          expect(end(t)).toBe(tumbleStart(t, width, shift) + width);
        }
      }),
    );
  });

  it('hands rows of one window the same bound', () => {
    const start = tumbleWindowBound(60n * MINUTE, 0n, 'start');
    expect(start(61n * MINUTE)).toBe(60n * MINUTE);
    expect(start(119n * MINUTE)).toBe(60n * MINUTE);
    expect(start(120n * MINUTE)).toBe(120n * MINUTE);
    expect(start(59n * MINUTE)).toBe(0n);
  });
});

describe('HopWindow', () => {
  it('emits one row per window containing the time, with start and end', () => {
    const hop = new HopWindow({ timeIndex: 1, slide: 2n * MINUTE, size: 6n * MINUTE, offset: 0n });
    const output = hop.push(0, { rows: [['a', 7n * MINUTE], ['b', null]], weights: [-1, 1] });
    expect(output).toEqual({
      rows: [
        ['a', 7n * MINUTE, 2n * MINUTE, 8n * MINUTE],
        ['a', 7n * MINUTE, 4n * MINUTE, 10n * MINUTE],
        ['a', 7n * MINUTE, 6n * MINUTE, 12n * MINUTE],
      ],
      weights: [-1, -1, -1],
    });
    expect(hop.barrier()).toBeNull();
  });

  it('assigns no window to a time in a gap between windows shorter than the slide', () => {
    const hop = new HopWindow({ timeIndex: 0, slide: 10n, size: 3n, offset: 0n });
    expect(hop.push(0, { rows: [[5n], [12n]], weights: [1, 1] })).toEqual({ rows: [[12n, 10n, 13n]], weights: [1] });
  });

  it('puts every time in exactly the aligned windows that contain it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1000n, max: 1000n }),
        fc.bigInt({ min: 1n, max: 20n }),
        fc.bigInt({ min: 1n, max: 50n }),
        fc.bigInt({ min: -30n, max: 30n }),
        (t, slide, size, offset) => {
          const hop = new HopWindow({ timeIndex: 0, slide, size, offset });
          const starts = (hop.push(0, { rows: [[t]], weights: [1] })?.rows ?? []).map((row) => row[1] as bigint);
          const expected: bigint[] = [];
          for (let start = t - size - 2n * slide; start <= t + slide; start++) {
            const aligned = (((start - offset) % slide) + slide) % slide === 0n;
            if (aligned && start <= t && t < start + size) expected.push(start);
          }
          expect(starts).toEqual(expected);
        },
      ),
    );
  });

  it('rejects a non-positive slide or size', () => {
    expect(() => new HopWindow({ timeIndex: 0, slide: 0n, size: 1n, offset: 0n })).toThrow(/must be positive/);
  });
});
