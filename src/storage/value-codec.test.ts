import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Interval } from '../types/interval.js';
import { Numeric } from '../types/numeric.js';
import type { Value } from '../types/value.js';
import { decodeRow, encodeRow, ValueReader, ValueWriter } from './value-codec.js';

/** Same kind and same value, bit for bit where it matters: -0 is not 0, NaN is NaN, 2.0 is not 2.00. */
function exactlyEqual(a: Value, b: Value): boolean {
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  if (a === null || typeof a !== 'object') return a === b;
  if (a instanceof Numeric) return b instanceof Numeric && a.unscaled === b.unscaled && a.scale === b.scale;
  if (a instanceof Interval) {
    return b instanceof Interval && Object.is(a.months, b.months) && Object.is(a.days, b.days) && a.micros === b.micros;
  }
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && !Array.isArray(b) && a.length === b.length && a.every((byte, index) => byte === b[index]);
  }
  const items = a as readonly Value[];
  if (!Array.isArray(b)) return false;
  const others = b as readonly Value[];
  return items.length === others.length && items.every((item, index) => exactlyEqual(item, others[index]!));
}

const rowsEqual = (a: readonly Value[], b: readonly Value[]): boolean => exactlyEqual(a, b);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // Any UTF-16 code units, lone surrogates included.
  fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) }),
);

const anyNumber = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, 86_400_000_000 - 1),
);

const anyBigInt = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.bigInt({ min: -(2n ** 400n), max: 2n ** 400n }),
  fc.constantFrom(INT64_MIN, INT64_MAX, INT64_MIN - 1n, INT64_MAX + 1n, 0n),
);

const anyNumeric = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.nat(6)).map(([unscaled, scale]) => new Numeric(unscaled, scale)),
  fc.tuple(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.nat(1000)).map(([unscaled, scale]) => new Numeric(unscaled, scale)),
  fc.constantFrom(Numeric.NAN, Numeric.POSITIVE_INFINITY, Numeric.NEGATIVE_INFINITY, Numeric.ZERO),
);

const anyInterval = fc
  .tuple(fc.integer(), fc.integer(), fc.bigInt({ min: INT64_MIN, max: INT64_MAX }))
  .map(([months, days, micros]) => new Interval(months, days, micros));

const anyScalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  anyNumber,
  anyBigInt,
  anyString,
  anyNumeric,
  anyInterval,
  fc.uint8Array({ maxLength: 64 }),
);

const { value: anyValue } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyScalar,
    fc.array(tie('value'), { maxLength: 5 }),
  ),
}));

const anyRow = fc.array(anyValue, { maxLength: 12 });

describe('value codec', () => {
  it('round-trips random rows of every kind exactly', () => {
    fc.assert(
      fc.property(anyRow, (row) => rowsEqual(decodeRow(encodeRow(row)), row)),
      { numRuns: 3000 },
    );
  });

  it('decodes from a Buffer at an offset and from a plain Uint8Array alike', () => {
    fc.assert(
      fc.property(anyRow, fc.uint8Array({ maxLength: 7 }), (row, padding) => {
        const encoded = encodeRow(row);
        const framed = Buffer.concat([padding, encoded]).subarray(padding.length);
        const plain = new Uint8Array(encoded);
        return rowsEqual(decodeRow(framed), row) && rowsEqual(decodeRow(plain), row);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps -0, NaN, numeric scale and special numerics', () => {
    const row = decodeRow(encodeRow([-0, NaN, new Numeric(20n, 1), new Numeric(200n, 2), Numeric.NAN, Numeric.NEGATIVE_INFINITY]));
    expect(Object.is(row[0], -0)).toBe(true);
    expect(Number.isNaN(row[1])).toBe(true);
    expect(String(row[2])).toBe('2.0');
    expect(String(row[3])).toBe('2.00');
    expect(row[4]).toBe(Numeric.NAN);
    expect(row[5]).toBe(Numeric.NEGATIVE_INFINITY);
    expect(encodeRow([new Numeric(20n, 1)])).not.toEqual(encodeRow([new Numeric(200n, 2)]));
  });

  it('keeps numbers and bigints apart, and bigints of any size', () => {
    const huge = -(3n ** 500n);
    const row = decodeRow(encodeRow([1, 1n, huge, INT64_MIN, INT64_MAX + 1n]));
    expect(row).toEqual([1, 1n, huge, INT64_MIN, INT64_MAX + 1n]);
    expect(typeof row[0]).toBe('number');
  });

  it('keeps strings with lone surrogates and non-BMP characters', () => {
    const texts = ['', 'plain', 'café', '\u{1F6D2} cart', 'lone \uD800 high', '\uDC00', 'x'.repeat(5000) + 'é'];
    expect(decodeRow(encodeRow(texts))).toEqual(texts);
  });

  it('is compact for common values', () => {
    expect(encodeRow([null, true, 7, 'web']).length).toBe(1 + 1 + 1 + 2 + 5);
    expect(encodeRow([new Numeric(19990n, 2)]).length).toBe(1 + 1 + 1 + 3);
    expect(encodeRow([1_732_000_000_000_000n]).length).toBe(1 + 9);
  });

  it('composes: several rows and counts in one buffer', () => {
    const writer = new ValueWriter(4);
    writer.writeUint(2).writeRow(['a', 1]).writeUint(2 ** 40).writeRow([new Uint8Array([1, 2])]);
    const reader = new ValueReader().reset(writer.copyBytes());
    expect(reader.readUint()).toBe(2);
    expect(reader.readRow()).toEqual(['a', 1]);
    expect(reader.readUint()).toBe(2 ** 40);
    expect(reader.readRow()).toEqual([new Uint8Array([1, 2])]);
    expect(reader.done).toBe(true);
  });

  it('writes an array from parts as writeValue writes it whole: a tail of items, or values encoded earlier', () => {
    fc.assert(
      fc.property(anyRow, fc.nat(12), (items, pick) => {
        const from = pick % (items.length + 1);
        const whole = new ValueWriter().writeValue(items.slice(from)).copyBytes();
        expect(new ValueWriter().writeArrayFrom(items, from).copyBytes()).toEqual(whole);
        // Kept bytes are the writer's own copy: later writes into the writer leave them as they were.
        const writer = new ValueWriter(4);
        const body = writer.writeValues(items, from).copyBytes(false);
        writer.reset().writeValue('overwritten');
        expect(writer.reset().writeArrayHeader(items.length - from).writeRaw(body).copyBytes()).toEqual(whole);
        expect(new ValueWriter().writeUint(items.length - from).writeRaw(body).copyBytes()).toEqual(encodeRow(items.slice(from)));
      }),
      { numRuns: 500 },
    );
  });

  it('returns byte arrays that do not alias the input', () => {
    const encoded = encodeRow([new Uint8Array([5, 6, 7])]);
    const decoded = decodeRow(encoded)[0] as Uint8Array;
    encoded.fill(0);
    expect([...decoded]).toEqual([5, 6, 7]);
  });

  it('rejects corrupt input', () => {
    const encoded = encodeRow(['hello', 42n]);
    expect(() => decodeRow(encoded.subarray(0, encoded.length - 3))).toThrow(/truncated/);
    expect(() => decodeRow(Uint8Array.from([1, 200]))).toThrow(/unrecognized tag 200/);
    expect(() => decodeRow(Uint8Array.from([...encoded, 0]))).toThrow(/trailing bytes/);
    expect(() => decodeRow(Uint8Array.from([0xff, 0xff, 0xff, 0x7f]))).toThrow(/truncated/);
  });

  it('measures encode+decode throughput of a 10-column order row', () => {
    const row: Value[] = [
      'o-2026-000123456',
      'm-00042',
      'web',
      'paid',
      new Numeric(19990n, 2),
      3,
      1_763_720_000_000_000n,
      1_763_720_005_123_456n,
      null,
      true,
    ];
    const writer = new ValueWriter();
    const reader = new ValueReader();
    const rounds = 200_000;
    let checksum = 0;
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const bytes = writer.reset().writeRow(row).viewBytes();
      checksum += reader.reset(bytes).readRow().length;
    }
    const seconds = (performance.now() - started) / 1000;
    const size = encodeRow(row).length;
    console.log(`value codec: ${Math.round(rounds / seconds).toLocaleString('en')} order rows/s encode+decode, ${size} bytes per row`);
    expect(checksum).toBe(rounds * row.length);
  });
});
