// save() and load() of every aggregate state: a state loaded from a checkpoint continues exactly as the original.
// The saved Values go through the checkpoint codec (storage/) here, in a test only: states themselves never import it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow } from '../../storage/value-codec.js';
import type { DataType } from '../../types/data-type.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { resolveAggregate } from '../aggregate-registry.js';
import type { AggregateOrderKey, AggregateState } from '../aggregate-registry.js';

/** One aggregate call to test: how to resolve it, and the argument tuples (arguments, then ORDER BY keys) it sees. */
interface Case {
  readonly label: string;
  readonly create: () => AggregateState;
  readonly tuple: fc.Arbitrary<Value[]>;
}

const withNulls = <T extends Value>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.option(arbitrary, { nil: null, freq: 6 });

const int2 = fc.integer({ min: -32768, max: 32767 });
const int4 = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.integer());
/** Small values, and values near the int8 limits so that sums leave the double and overflow. */
const int8 = fc.oneof(fc.bigInt({ min: -6n, max: 6n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
/** Equal values of different representations (0 and -0), specials, huge magnitudes that take the scaled expansion. */
const float8 = fc.oneof(
  fc.integer({ min: -4, max: 4 }),
  fc.constantFrom(0, -0, 0.1, 0.2, 1e16, -1e16, 1e308, 2 ** 950, -(2 ** 950), 5e-324),
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.double(),
);
const float4 = float8.map(Math.fround);
/** Finite numerics of scales 0 to 3 (2, 2.0 and 2.00 all occur), and now and then NaN or an infinity. */
const numeric = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: -2, max: 2 }), fc.nat(3)).map(([n, scale]) => new Numeric(BigInt(n) * 10n ** BigInt(scale), scale)) },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat(3)).map(([n, scale]) => new Numeric(BigInt(n), scale)) },
  { weight: 1, arbitrary: fc.constantFrom(Numeric.NAN, Numeric.POSITIVE_INFINITY, Numeric.NEGATIVE_INFINITY) },
);
const finiteNumeric = numeric.filter((value) => value.isFinite());
/** Equal intervals of different fields ('1 day' and '24:00:00', '1 mon' and '30 days'). */
const interval = fc.oneof(
  fc.constantFrom(
    new Interval(0, 1, 0n),
    new Interval(0, 0, 86_400_000_000n),
    new Interval(1, 0, 0n),
    new Interval(0, 30, 0n),
    new Interval(0, 0, -1n),
  ),
  fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -40, max: 40 }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n })).map(
    ([months, days, micros]) => new Interval(months, days, micros),
  ),
);
const varchar = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'é', ''), fc.string({ maxLength: 3 }));
const bytea = fc.uint8Array({ maxLength: 3 });
const timestamp = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

const one = (arbitrary: fc.Arbitrary<Value>): fc.Arbitrary<Value[]> => withNulls(arbitrary).map((value) => [value]);
const pair = (first: fc.Arbitrary<Value>, second: fc.Arbitrary<Value>): fc.Arbitrary<Value[]> =>
  fc.tuple(withNulls(first), withNulls(second)).map((values) => [...values]);

const key = (type: DataType, descending = false, nullsFirst = false): AggregateOrderKey => ({ type, descending, nullsFirst });

const plain =
  (name: string, argTypes: readonly DataType[], orderBy: readonly AggregateOrderKey[] = []) =>
  (): AggregateState =>
    resolveAggregate(name, argTypes, { distinct: false, orderBy, directArgs: [] }).createState();

const orderedSet =
  (name: string, keyType: DataType, directArgs: readonly Value[], descending = false) =>
  (): AggregateState =>
    resolveAggregate(name, directArgs.map((arg) => (Array.isArray(arg) ? 'float8[]' : 'float8')), {
      distinct: false,
      orderBy: [key(keyType, descending, descending)],
      directArgs,
    }).createState();

const CASES: readonly Case[] = [
  { label: 'count(*)', create: plain('count', []), tuple: fc.constant([]) },
  { label: 'count(varchar)', create: plain('count', ['varchar']), tuple: one(varchar) },
  { label: 'sum(int2)', create: plain('sum', ['int2']), tuple: one(int2) },
  { label: 'sum(int4)', create: plain('sum', ['int4']), tuple: one(int4) },
  { label: 'sum(int8)', create: plain('sum', ['int8']), tuple: one(int8) },
  { label: 'sum(float4)', create: plain('sum', ['float4']), tuple: one(float4) },
  { label: 'sum(float8)', create: plain('sum', ['float8']), tuple: one(float8) },
  { label: 'sum(numeric)', create: plain('sum', ['numeric']), tuple: one(numeric) },
  { label: 'sum(interval)', create: plain('sum', ['interval']), tuple: one(interval) },
  { label: 'avg(int4)', create: plain('avg', ['int4']), tuple: one(int4) },
  { label: 'avg(int8)', create: plain('avg', ['int8']), tuple: one(int8) },
  { label: 'avg(float8)', create: plain('avg', ['float8']), tuple: one(float8) },
  { label: 'avg(numeric)', create: plain('avg', ['numeric']), tuple: one(numeric) },
  { label: 'avg(interval)', create: plain('avg', ['interval']), tuple: one(interval) },
  { label: 'min(int4)', create: plain('min', ['int4']), tuple: one(int4) },
  { label: 'max(float8)', create: plain('max', ['float8']), tuple: one(float8) },
  { label: 'min(numeric)', create: plain('min', ['numeric']), tuple: one(numeric) },
  { label: 'max(numeric)', create: plain('max', ['numeric']), tuple: one(numeric) },
  { label: 'max(varchar)', create: plain('max', ['varchar']), tuple: one(varchar) },
  { label: 'min(bytea)', create: plain('min', ['bytea']), tuple: one(bytea) },
  { label: 'max(interval)', create: plain('max', ['interval']), tuple: one(interval) },
  { label: 'min(timestamptz)', create: plain('min', ['timestamptz']), tuple: one(timestamp) },
  { label: 'max(numeric[])', create: plain('max', ['numeric[]']), tuple: one(fc.array(withNulls(numeric), { maxLength: 2 })) },
  { label: 'bool_and', create: plain('bool_and', ['boolean']), tuple: one(fc.boolean()) },
  { label: 'bool_or', create: plain('bool_or', ['boolean']), tuple: one(fc.boolean()) },
  { label: 'bit_and(int2)', create: plain('bit_and', ['int2']), tuple: one(int2) },
  { label: 'bit_or(int4)', create: plain('bit_or', ['int4']), tuple: one(int4) },
  { label: 'bit_xor(int8)', create: plain('bit_xor', ['int8']), tuple: one(int8) },
  { label: 'bit_and(int8)', create: plain('bit_and', ['int8']), tuple: one(int8) },
  { label: 'string_agg(varchar)', create: plain('string_agg', ['varchar', 'varchar']), tuple: pair(varchar, fc.constantFrom(',', ';')) },
  {
    label: 'string_agg(varchar ORDER BY int4 DESC)',
    create: plain('string_agg', ['varchar', 'varchar'], [key('int4', true, true)]),
    tuple: fc.tuple(withNulls(varchar), fc.constantFrom(',', ';'), withNulls(fc.integer({ min: 0, max: 3 }))).map((values) => [...values]),
  },
  { label: 'string_agg(bytea)', create: plain('string_agg', ['bytea', 'bytea']), tuple: pair(bytea, bytea) },
  { label: 'array_agg(int4)', create: plain('array_agg', ['int4']), tuple: one(fc.integer({ min: 0, max: 4 })) },
  {
    label: 'array_agg(numeric ORDER BY varchar)',
    create: plain('array_agg', ['numeric'], [key('varchar')]),
    tuple: pair(numeric, fc.constantFrom('x', 'y')),
  },
  { label: 'first_value(numeric)', create: plain('first_value', ['numeric']), tuple: one(numeric) },
  {
    label: 'last_value(numeric ORDER BY int4)',
    create: plain('last_value', ['numeric'], [key('int4')]),
    tuple: pair(numeric, fc.integer({ min: 0, max: 3 })),
  },
  {
    label: 'first_value(interval ORDER BY int4 DESC)',
    create: plain('first_value', ['interval'], [key('int4', true)]),
    tuple: pair(interval, fc.integer({ min: 0, max: 3 })),
  },
  { label: 'percentile_cont(0.5) float8', create: orderedSet('percentile_cont', 'float8', [0.5]), tuple: one(float8) },
  { label: 'percentile_cont(0.3) interval', create: orderedSet('percentile_cont', 'interval', [0.3]), tuple: one(interval) },
  {
    label: 'percentile_cont(array) float8 DESC',
    create: orderedSet('percentile_cont', 'float8', [[0, 0.25, null, 1]], true),
    tuple: one(fc.integer({ min: -5, max: 5 })),
  },
  { label: 'percentile_disc(0.4) numeric', create: orderedSet('percentile_disc', 'numeric', [0.4]), tuple: one(numeric) },
  { label: 'percentile_disc(array) varchar', create: orderedSet('percentile_disc', 'varchar', [[0.1, 0.9]]), tuple: one(varchar) },
  { label: 'mode() numeric', create: orderedSet('mode', 'numeric', []), tuple: one(finiteNumeric) },
  { label: 'mode() varchar DESC', create: orderedSet('mode', 'varchar', [], true), tuple: one(fc.constantFrom('a', 'b', 'c')) },
  { label: 'stddev_samp(int4)', create: plain('stddev_samp', ['int4']), tuple: one(int4) },
  { label: 'var_pop(int8)', create: plain('var_pop', ['int8']), tuple: one(int8) },
  { label: 'variance(numeric)', create: plain('variance', ['numeric']), tuple: one(numeric) },
  { label: 'stddev_pop(float8)', create: plain('stddev_pop', ['float8']), tuple: one(float8) },
  { label: 'var_samp(float4)', create: plain('var_samp', ['float4']), tuple: one(float4) },
];

/** One change: `weight` copies of the pool's tuple `tupleIdx`. */
interface Change {
  readonly tupleIdx: number;
  readonly weight: number;
}

/**
 * Random valid changes over a small pool of tuples, cut into batches and shuffled within each batch, so that a
 * retraction may come before the insertion it retracts (counts transiently negative) but every count is back at
 * zero or above at each batch's end. Some runs never retract: the float folds stay append-only then.
 */
const changeRun = (tuple: fc.Arbitrary<Value[]>) =>
  fc
    .record({
      pool: fc.array(tuple, { minLength: 1, maxLength: 8 }),
      steps: fc.array(
        fc.record({ pick: fc.nat(), weight: fc.integer({ min: 1, max: 3 }), retract: fc.boolean(), cut: fc.nat(3) }),
        { maxLength: 40 },
      ),
      appendOnly: fc.boolean(),
      seed: fc.integer(),
      saveAt: fc.nat(),
    })
    .map(({ pool, steps, appendOnly, seed, saveAt }) => {
      const held = pool.map(() => 0);
      const batches: Change[][] = [[]];
      for (const step of steps) {
        const tupleIdx = step.pick % pool.length;
        const weight = !appendOnly && step.retract ? -Math.min(held[tupleIdx]!, step.weight) : step.weight;
        if (weight === 0) continue;
        held[tupleIdx]! += weight;
        batches[batches.length - 1]!.push({ tupleIdx, weight });
        if (step.cut === 0) batches.push([]);
      }
      const shuffled = batches.map((changes, batchIdx) => shuffle(changes, seed + batchIdx));
      const changeCount = shuffled.reduce((count, changes) => count + changes.length, 0);
      return { pool, batches: shuffled, saveAt: saveAt % (changeCount + 1) };
    });

/** A copy of `items` in an order drawn from `seed` (Fisher-Yates over a linear congruential sequence). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = items.slice();
  let random = seed >>> 0;
  for (let index = copy.length - 1; index > 0; index--) {
    random = (Math.imul(random, 1664525) + 1013904223) >>> 0;
    const other = random % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** A result's exact representation (codec bytes), or the error it throws. */
function outcome(state: AggregateState): string {
  try {
    return Buffer.from(encodeRow([state.result()])).toString('hex');
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const savedBytes = (state: AggregateState): string => Buffer.from(encodeRow(state.save())).toString('hex');

/** A fresh state loaded from the original's save(), round-tripped through the checkpoint codec. */
function reloaded(create: () => AggregateState, original: AggregateState): AggregateState {
  const copy = create();
  copy.load(decodeRow(encodeRow(original.save())));
  return copy;
}

describe('aggregate state save and load', () => {
  for (const { label, create, tuple } of CASES) {
    it(`${label}: a loaded state continues exactly as the original`, () => {
      fc.assert(
        fc.property(changeRun(tuple), ({ pool, batches, saveAt }) => {
          const original = create();
          let copy: AggregateState | undefined;
          let applied = 0;
          const check = (where: string): void => {
            if (copy === undefined) return;
            expect(outcome(copy), `result ${where}`).toBe(outcome(original));
            expect(savedBytes(copy), `saved state ${where}`).toBe(savedBytes(original));
          };
          for (const [batchIdx, changes] of batches.entries()) {
            for (const { tupleIdx, weight } of changes) {
              if (applied++ === saveAt) {
                copy = reloaded(create, original);
                expect(savedBytes(copy), 'saved state right after load').toBe(savedBytes(original));
              }
              original.apply(pool[tupleIdx]!, weight);
              copy?.apply(pool[tupleIdx]!, weight);
            }
            // Results are read only where the operator reads them: at batch ends, when no count is negative.
            if (copy !== undefined) check(`after batch ${batchIdx}`);
            else outcome(original);
          }
          copy ??= reloaded(create, original);
          check('at the end');
        }),
        { numRuns: 100 },
      );
    });
  }

  it('keeps ranks across a multiset larger than one sorted-list chunk', () => {
    const create = orderedSet('percentile_disc', 'numeric', [[0, 0.001, 0.25, 0.5, 0.999, 1]]);
    const original = create();
    // 3000 values in scrambled order at scales 0 to 2, then 500 of them again at scale 0 (2.00 beside 2).
    const inserted = Array.from({ length: 3500 }, (_, index) => {
      const value = BigInt(index < 3000 ? (index * 7919) % 3000 : index - 3000);
      const scale = index < 3000 ? index % 3 : 0;
      return new Numeric(value * 10n ** BigInt(scale), scale);
    });
    inserted.forEach((value, index) => original.apply([value], 1 + (index % 2)));
    const copy = reloaded(create, original);
    expect(outcome(copy)).toBe(outcome(original));
    for (let index = 0; index < inserted.length; index += 3) {
      original.apply([inserted[index]!], -1);
      copy.apply([inserted[index]!], -1);
    }
    expect(outcome(copy)).toBe(outcome(original));
    expect(savedBytes(copy)).toBe(savedBytes(original));
  });

  it('rejects saved values of another shape', () => {
    const state = plain('sum', ['numeric'])();
    expect(() => state.load([1, 2])).toThrow(/could not restore aggregate state/);
    const count = plain('count', [])();
    expect(() => count.load(['1'])).toThrow(/could not restore aggregate state: expected a number/);
    const average = plain('avg', ['int4'])();
    expect(() => average.load([...average.save(), 0])).toThrow(/could not restore aggregate state/);
  });
});
