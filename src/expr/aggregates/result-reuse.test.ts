// Aggregate states that hand out their previous result object while it is still the answer: the results must
// be those of a state built afresh from the same inputs, representation included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { resolveAggregate } from '../aggregate-registry.js';
import type { DataType } from '../../types/data-type.js';

const options = { distinct: false, orderBy: [], directArgs: [] };

/** The result representation: Numeric by unscaled and scale, so that 1.0 and 1.00 differ. */
const representation = (value: Value): string =>
  value instanceof Numeric ? `numeric ${value.unscaled}e-${value.scale}` : `${typeof value} ${String(value)}`;

const numericArbitrary = fc.oneof(
  fc.tuple(fc.bigInt({ min: -100000n, max: 100000n }), fc.integer({ min: 0, max: 4 })).map(([u, s]) => new Numeric(u, s)),
  fc.tuple(fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), fc.integer({ min: 0, max: 6 })).map(([u, s]) => new Numeric(u, s)),
  fc.constantFrom(Numeric.ZERO, new Numeric(0n, 2), Numeric.NAN, Numeric.POSITIVE_INFINITY, Numeric.NEGATIVE_INFINITY),
);
const int8Arbitrary = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));

/** Applies inserts and retractions (each retraction of a value inserted before), asking for results between. */
function checkAgainstFreshStates(name: string, argType: DataType, values: fc.Arbitrary<Value>): void {
  const aggregate = resolveAggregate(name, [argType], options);
  fc.assert(
    fc.property(fc.array(fc.tuple(values, fc.boolean(), fc.boolean()), { maxLength: 60 }), (steps) => {
      const state = aggregate.createState();
      const held: Value[] = [];
      for (const [value, retract, ask] of steps) {
        if (retract && held.length > 0) {
          // Retract the oldest value held: a value comes and goes as in a window.
          state.apply([held.shift()!], -1);
        } else {
          state.apply([value], 1);
          held.push(value);
        }
        if (!ask) continue;
        const fresh = aggregate.createState();
        for (const kept of held) fresh.apply([kept], 1);
        expect(representation(state.result())).toBe(representation(fresh.result()));
      }
    }),
    { numRuns: 400, seed: 7 },
  );
}

describe('aggregate results reused while unchanged', () => {
  it('sum(numeric) equals a fresh state after every change, 1.0 apart from 1.00', () => {
    checkAgainstFreshStates('sum', 'numeric', numericArbitrary);
  });

  it('sum(int8) equals a fresh state after every change', () => {
    checkAgainstFreshStates('sum', 'int8', int8Arbitrary);
  });

  it('avg(numeric) and count equal a fresh state after every change', () => {
    checkAgainstFreshStates('avg', 'numeric', numericArbitrary);
    checkAgainstFreshStates('count', 'numeric', numericArbitrary);
  });

  it('avg gives the sum divided by the count as numeric division does', () => {
    const cases: [DataType, fc.Arbitrary<Value>, (value: Value) => Numeric][] = [
      ['numeric', numericArbitrary.filter((value) => (value as Numeric).isFinite()), (value) => value as Numeric],
      ['int4', fc.integer({ min: -2147483648, max: 2147483647 }), (value) => Numeric.fromInt(value as number)],
      ['int8', int8Arbitrary, (value) => Numeric.fromBigInt(value as bigint)],
    ];
    for (const [argType, values, toNumeric] of cases) {
      const aggregate = resolveAggregate('avg', [argType], options);
      fc.assert(
        fc.property(fc.array(values, { minLength: 1, maxLength: 40 }), (inputs) => {
          const state = aggregate.createState();
          let sum = toNumeric(inputs[0]!);
          state.apply([inputs[0]!], 1);
          for (const value of inputs.slice(1)) {
            state.apply([value], 1);
            sum = sum.add(toNumeric(value));
          }
          expect(representation(state.result())).toBe(representation(sum.div(Numeric.fromInt(inputs.length))));
        }),
        { numRuns: 500, seed: 8 },
      );
    }
  });

  it('hands out the same object while the sum is unchanged', () => {
    for (const argType of ['numeric', 'int8'] as const) {
      const state = resolveAggregate('sum', [argType], options).createState();
      const value = (text: string): Value => (argType === 'numeric' ? Numeric.parse(text) : BigInt(text));
      state.apply([value('12')], 1);
      const first = state.result();
      state.apply([value('0')], 1);
      expect(state.result()).toBe(first);
      state.apply([value('5')], 1);
      state.apply([value('5')], -1);
      expect(state.result()).toBe(first);
      state.apply([value('1')], 1);
      expect(String(state.result())).toBe('13');
    }
  });

  it('sum(numeric) gives the scale still held when the digits come back at another scale', () => {
    const state = resolveAggregate('sum', ['numeric'], options).createState();
    state.apply([Numeric.parse('10')], 1);
    expect(String(state.result())).toBe('10');
    state.apply([Numeric.parse('0.0')], 1);
    state.apply([Numeric.parse('10')], -1);
    state.apply([Numeric.parse('1.0')], 1);
    // The unscaled total is 10 again, at scale 1 now.
    expect(String(state.result())).toBe('1.0');
    state.apply([Numeric.parse('0.0')], -1);
    state.apply([Numeric.parse('1.0')], -1);
    state.apply([Numeric.parse('10')], 1);
    expect(String(state.result())).toBe('10');
  });
});
