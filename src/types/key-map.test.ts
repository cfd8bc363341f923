// Tests of KeyMap: the same key classes as keyEncoder's strings, and a Map's behaviour otherwise.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DataType } from './data-type.js';
import { Interval } from './interval.js';
import { keyEncoder } from './key.js';
import { KeyMap } from './key-map.js';
import { Numeric } from './numeric.js';
import type { Row } from './value.js';

describe('KeyMap', () => {
  it('groups values that are not distinct, as GROUP BY does', () => {
    const map = new KeyMap<string>(['numeric', 'float8', 'interval', 'varchar'], [0, 1, 2, 3]);
    map.set([Numeric.parse('2.0'), -0, Interval.parse('1 day'), null], 'first');
    expect(map.get([Numeric.parse('2.00'), 0, Interval.parse('24 hours'), null])).toBe('first');
    expect(map.get([Numeric.parse('2.00'), 0, Interval.parse('24 hours'), ''])).toBeUndefined();
    map.set([null, NaN, null, 'x'], 'nan');
    expect(map.get([null, -NaN, null, 'x'])).toBe('nan');
    expect(map.size).toBe(2);
  });

  it('reads the key columns of wider rows, and drops empty levels on delete', () => {
    const map = new KeyMap<number>(['varchar', 'int8', 'timestamptz'], [2, 0]);
    map.set([1n, 'ignored', 10n], 1);
    map.set([2n, 'ignored', 10n], 2);
    expect(map.get([1n, 'other', 10n])).toBe(1);
    expect(map.delete([1n, 'x', 10n])).toBe(true);
    expect(map.delete([1n, 'x', 10n])).toBe(false);
    expect(map.delete([2n, 'x', 10n])).toBe(true);
    expect(map.size).toBe(0);
    expect([...map.values()]).toEqual([]);
  });

  it('keeps its answers when it nests its levels again as it grows', () => {
    // The first column has many distinct values and the second few: past 1,024 entries the map nests them the
    // other way round, which must not change what get, matching, values and delete answer.
    const map = new KeyMap<number>(['int4', 'varchar', 'numeric'], [0, 1, 2]);
    const rowOf = (id: number): Row => [id, `b${id % 3}`, Numeric.parse(id % 2 === 0 ? '1.0' : '2')];
    for (let id = 0; id < 3000; id++) map.set(rowOf(id), id);
    expect(map.size).toBe(3000);
    for (let id = 0; id < 3000; id++) expect(map.get([id, `b${id % 3}`, Numeric.parse(id % 2 === 0 ? '1.00' : '2.0')])).toBe(id);
    expect(map.get([1, 'b0', Numeric.parse('2')])).toBeUndefined();
    expect(map.matching([7, null, null], [true, false, false])).toEqual([7]);
    expect(map.matching([0, 'b1', null], [false, true, false]).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 1000 }, (_, k) => 3 * k + 1),
    );
    expect(map.matching([0, 'b2', Numeric.parse('1')], [false, true, true]).length).toBe(500);
    expect([...map.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 3000 }, (_, id) => id));
    for (let id = 0; id < 3000; id += 2) expect(map.delete(rowOf(id))).toBe(true);
    expect(map.delete(rowOf(0))).toBe(false);
    expect(map.size).toBe(1500);
    map.set(rowOf(0), -1);
    expect(map.get(rowOf(0))).toBe(-1);
    expect(map.size).toBe(1501);
  });

  it('holds a single value for no key columns (a global aggregate)', () => {
    const map = new KeyMap<string>([], []);
    expect(map.get([])).toBeUndefined();
    map.set([], 'only');
    expect(map.get(['anything'])).toBe('only');
    expect([...map.values()]).toEqual(['only']);
    expect(map.delete([])).toBe(true);
    expect(map.size).toBe(0);
  });

  it('finds a row exactly when keyEncoder gives it the key of a stored row (property)', () => {
    const types: DataType[] = ['varchar', 'int4', 'numeric', 'boolean', 'varchar[]', 'timestamptz'];
    const rowArbitrary = fc
      .tuple(
        fc.option(fc.constantFrom('', 'a', '1:a', '\u0000'), { nil: null }),
        fc.option(fc.integer({ min: -2, max: 2 }), { nil: null }),
        fc.option(fc.tuple(fc.bigInt({ min: -20n, max: 20n }), fc.integer({ min: 0, max: 2 })).map(([u, s]) => new Numeric(u, s)), { nil: null }),
        fc.option(fc.boolean(), { nil: null }),
        fc.option(fc.array(fc.option(fc.constantFrom('', 'a', ','), { nil: null }), { maxLength: 2 }), { nil: null }),
        fc.option(fc.bigInt({ min: -2n, max: 2n }), { nil: null }),
      )
      .map((values) => values as Row);
    const encode = keyEncoder(types, [0, 1, 2, 3, 4, 5]);
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 12 }), fc.array(rowArbitrary, { maxLength: 12 }), (stored, probes) => {
        const map = new KeyMap<string>(types, [0, 1, 2, 3, 4, 5]);
        const keys = new Set<string>();
        for (const row of stored) {
          if (map.get(row) === undefined) map.set(row, encode(row));
          keys.add(encode(row));
        }
        expect(map.size).toBe(keys.size);
        for (const row of probes) expect(map.get(row)).toBe(keys.has(encode(row)) ? encode(row) : undefined);
        for (const row of stored) map.delete(row);
        expect(map.size).toBe(0);
      }),
    );
  });

  it('answers as a map of encoded keys while sets, gets and deletes interleave over few values (property)', () => {
    // Few values per column, so that consecutive lookups share upper levels and deletes empty them often.
    const types: DataType[] = ['timestamptz', 'varchar', 'numeric'];
    const rowArbitrary = fc
      .tuple(
        fc.constantFrom(0n, 3600n),
        fc.constantFrom('web', null),
        fc.constantFrom('1', '1.0', '2').map((text) => Numeric.parse(text)),
      )
      .map((values) => values as Row);
    const op = fc.tuple(fc.constantFrom('get', 'set', 'delete'), rowArbitrary);
    const encode = keyEncoder(types, [0, 1, 2]);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const map = new KeyMap<string>(types, [0, 1, 2]);
        const reference = new Map<string, string>();
        ops.forEach(([kind, row], opIdx) => {
          const key = encode(row);
          if (kind === 'set' && !reference.has(key)) {
            map.set(row, `${key}@${opIdx}`);
            reference.set(key, `${key}@${opIdx}`);
          } else if (kind === 'delete') {
            expect(map.delete(row)).toBe(reference.delete(key));
          }
          expect(map.get(row)).toBe(reference.get(key));
          expect(map.size).toBe(reference.size);
        });
      }),
      // A path a delete took out of the tree, then a set that builds it again (a stale path would miss it).
      { numRuns: 500, examples: [[[['set', [3600n, null, Numeric.parse('1')]], ['delete', [3600n, null, Numeric.parse('1')]], ['set', [3600n, 'web', Numeric.parse('1')]]]]] },
    );
  });
});
