import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Numeric } from '../../types/numeric.js';
import { connectOracle, textRows } from './postgres-oracle.test-support.js';
import { numericSizePretty, sizePretty } from './size-pretty.js';

const oracle = await connectOracle();
if ('skip' in oracle) console.log(`skipping comparisons with PostgreSQL: ${oracle.skip}`);
const client: pg.Client | undefined = 'client' in oracle ? oracle.client : undefined;

afterAll(async () => {
  await client?.end();
});

/** Sizes on both sides of every unit's limit and of its rounding, negative ones, and the ends of bigint. */
function interestingSizes(): bigint[] {
  const sizes = new Set<bigint>([0n, 1n, 274n, 8192n, 9223372036854775807n, -9223372036854775808n]);
  for (let bits = 0n; bits <= 50n; bits += 10n) {
    const unit = 1n << bits;
    for (const multiple of [1n, 10n, 20n]) {
      for (const delta of [-unit / 2n - 1n, -unit / 2n, -1n, 0n, 1n, unit / 2n, unit / 2n + 1n]) {
        const size = multiple * unit * 1024n + delta;
        sizes.add(size);
        sizes.add(-size);
      }
    }
  }
  return [...sizes].filter((size) => size >= -9223372036854775808n && size <= 9223372036854775807n);
}

describe('pg_size_pretty', () => {
  it('names sizes in the largest unit below twenty thousand, rounding half away from zero', () => {
    expect(sizePretty(274n)).toBe('274 bytes');
    expect(sizePretty(10239n)).toBe('10239 bytes');
    expect(sizePretty(10240n)).toBe('10 kB');
    expect(sizePretty(-10752n)).toBe('-11 kB');
    expect(sizePretty(20n * 1024n * 1024n)).toBe('20 MB');
    expect(numericSizePretty(Numeric.parse('1.50'))).toBe('1.50 bytes');
    expect(numericSizePretty(Numeric.parse('10240.9'))).toBe('10 kB');
  });

  describe.skipIf(!client)('against PostgreSQL', () => {
    it('gives pg_size_pretty(bigint) for sizes around every unit', async () => {
      const sizes = interestingSizes();
      const expected = await textRows(client!, 'SELECT pg_size_pretty(s) FROM unnest($1::int8[]) WITH ORDINALITY AS u(s, n) ORDER BY n', [sizes.map(String)]);
      expect(sizes.map(sizePretty)).toEqual(expected.map((row) => row[0]));
    });

    it('gives pg_size_pretty(numeric) for fractions, sizes past bigint and the special values', async () => {
      const sizes = ['0', '1.5', '-0.25', '10239.999', '10240.5', '-10240.5', '123456789012345678901234567890.5', '-99999999999999999999999', 'NaN', 'Infinity', '-Infinity', ...interestingSizes().map(String)];
      const expected = await textRows(client!, 'SELECT pg_size_pretty(s) FROM unnest($1::numeric[]) WITH ORDINALITY AS u(s, n) ORDER BY n', [sizes]);
      expect(sizes.map((size) => numericSizePretty(Numeric.parse(size)))).toEqual(expected.map((row) => row[0]));
    });
  });
});
