// The aggregate library against PostgreSQL (PGlite) on random multisets, and its retraction laws.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparator } from '../types/compare.js';
import type { DataType } from '../types/data-type.js';
import { Interval } from '../types/interval.js';
import { Numeric } from '../types/numeric.js';
import { formatValue, parseValue } from '../types/text-format.js';
import type { Value } from '../types/value.js';
import { isAggregateFunction, resolveAggregate } from './aggregate-registry.js';
import type { AggregateOrderKey, ResolvedAggregate } from './aggregate-registry.js';

/** PostgreSQL in WASM, started by the tests that compare with it. */
let pg: PGlite;

/** One aggregate call as SQL over a column x, and the same call through the library. */
interface Call {
  readonly sql: string;
  readonly name: string;
  readonly argTypes: readonly DataType[];
  readonly orderBy?: readonly AggregateOrderKey[];
  readonly directArgs?: readonly Value[];
  /** The applied row for an input value x: arguments, then ORDER BY keys. */
  readonly row: (x: Value) => Value[];
  /**
   * The result is one of the inputs (or interpolates between two): where equal inputs print differently
   * (2.0, 2.00), PostgreSQL's unstable sort decides which is returned, so results are compared by SQL equality.
   */
  readonly picksInput?: boolean;
  /** The result lists inputs in scan order: compared as a multiset in the retraction laws. */
  readonly inputOrder?: boolean;
}

const key = (type: DataType, descending = false): AggregateOrderKey => ({ type, descending, nullsFirst: descending });

const plain = (name: string, type: DataType, picksInput = false): Call => ({
  sql: `${name}(x)`,
  name,
  argTypes: [type],
  row: (x) => [x],
  picksInput,
});

const countRows: Call = { sql: 'count(*)', name: 'count', argTypes: [], row: () => [] };

const percentile = (kind: 'cont' | 'disc', fraction: number, type: DataType, descending = false): Call => ({
  sql: `percentile_${kind}(${fraction}::float8) within group (order by x${descending ? ' desc' : ''})`,
  name: `percentile_${kind}`,
  argTypes: ['float8'],
  orderBy: [key(type, descending)],
  directArgs: [fraction],
  row: (x) => [x],
  picksInput: kind === 'disc' || type === 'interval',
});

const percentiles = (fractions: readonly (number | null)[], type: DataType): Call => ({
  sql: `percentile_cont(array[${fractions.join(',').replace(/,,/g, ',null,')}]::float8[]) within group (order by x)`,
  name: 'percentile_cont',
  argTypes: ['float8[]'],
  orderBy: [key(type)],
  directArgs: [fractions],
  row: (x) => [x],
});

const mode = (type: DataType, descending = false): Call => ({
  sql: `mode() within group (order by x${descending ? ' desc' : ''})`,
  name: 'mode',
  argTypes: [],
  orderBy: [key(type, descending)],
  row: (x) => [x],
  picksInput: true,
});

const arrayAgg = (type: DataType, descending?: boolean): Call => ({
  sql: descending === undefined ? 'array_agg(x)' : `array_agg(x order by x${descending ? ' desc' : ''})`,
  name: 'array_agg',
  argTypes: [type],
  orderBy: descending === undefined ? [] : [key(type, descending)],
  row: (x) => (descending === undefined ? [x] : [x, x]),
  inputOrder: descending === undefined,
});

const stringAgg = (type: DataType, delimiter: Value, delimiterSql: string, descending?: boolean): Call => ({
  sql: `string_agg(x, ${delimiterSql}${descending === undefined ? '' : ` order by x${descending ? ' desc' : ''}`})`,
  name: 'string_agg',
  argTypes: [type, type],
  orderBy: descending === undefined ? [] : [key(type, descending)],
  row: (x) => (descending === undefined ? [x, delimiter] : [x, delimiter, x]),
  inputOrder: descending === undefined,
});

const statistics = (type: DataType): Call[] =>
  ['sum', 'avg', 'stddev', 'stddev_pop', 'variance', 'var_pop'].map((name) => plain(name, type));

const ordering = (type: DataType): Call[] => [
  countRows,
  plain('count', type),
  plain('min', type, true),
  plain('max', type, true),
  mode(type),
  mode(type, true),
  percentile('disc', 0.5, type),
  percentile('disc', 0.25, type, true),
];

const nullable = <T extends Value>(values: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.option(values, { nil: null, freq: 6 });

const smallOr = <T>(small: fc.Arbitrary<T>, any: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 2, arbitrary: small }, { weight: 1, arbitrary: any });

const numerics: fc.Arbitrary<Numeric> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({ unscaled: smallOr(fc.bigInt(-30n, 30n), fc.bigInt(-(10n ** 25n), 10n ** 25n)), scale: fc.integer({ min: 0, max: 6 }) })
      .map(({ unscaled, scale }) => new Numeric(unscaled, scale)),
  },
  { weight: 1, arbitrary: fc.constantFrom(Numeric.NAN, Numeric.POSITIVE_INFINITY, Numeric.NEGATIVE_INFINITY) },
);

const intervals: fc.Arbitrary<Interval> = fc
  .record({
    months: smallOr(fc.constantFrom(0, 1), fc.integer({ min: -30, max: 30 })),
    days: smallOr(fc.constantFrom(0, 1, 30), fc.integer({ min: -40, max: 40 })),
    micros: smallOr(fc.constantFrom(0n, 86_400_000_000n, 3_600_000_000n), fc.bigInt(-(10n ** 12n), 10n ** 12n)),
  })
  .map(({ months, days, micros }) => new Interval(months, days, micros));

const texts = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀', '\u{E000}', ' ', '"', '\\', ',', '{', 'N'), maxLength: 3 });

/** A column type: its SQL name, random values and the calls that apply to it. */
interface TypeCase {
  readonly type: DataType;
  readonly values: fc.Arbitrary<Value>;
  readonly calls: readonly Call[];
}

const integerCase = (type: DataType, values: fc.Arbitrary<Value>): TypeCase => ({
  type,
  values,
  calls: [
    ...ordering(type),
    ...statistics(type),
    plain('bit_and', type),
    plain('bit_or', type),
    plain('bit_xor', type),
    arrayAgg(type),
    arrayAgg(type, true),
  ],
});

const TYPE_CASES: readonly TypeCase[] = [
  integerCase('int2', smallOr(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -32768, max: 32767 }))),
  integerCase('int4', smallOr(fc.integer({ min: -3, max: 3 }), fc.integer())),
  integerCase('int8', smallOr(fc.bigInt(-3n, 3n), fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n))),
  { type: 'numeric', values: numerics, calls: [...ordering('numeric'), ...statistics('numeric'), arrayAgg('numeric')] },
  {
    type: 'float8',
    values: smallOr(fc.constantFrom(0.1, 0.2, 0.3, -0, 1.5, 1e300, -2.5), fc.double()),
    calls: [
      ...ordering('float8'),
      ...statistics('float8'),
      percentile('cont', 0.5, 'float8'),
      percentile('cont', 0.3, 'float8', true),
      percentile('cont', 1, 'float8'),
      percentiles([0.1, null, 0.9], 'float8'),
      arrayAgg('float8'),
    ],
  },
  {
    type: 'float4',
    values: smallOr(fc.constantFrom(Math.fround(0.1), Math.fround(0.2), -0, 1.5), fc.float()),
    calls: [...ordering('float4'), ...statistics('float4'), arrayAgg('float4')],
  },
  {
    type: 'interval',
    values: intervals,
    calls: [
      ...ordering('interval'),
      plain('sum', 'interval'),
      plain('avg', 'interval'),
      percentile('cont', 0.4, 'interval'),
      percentile('cont', 0.75, 'interval', true),
      arrayAgg('interval'),
    ],
  },
  {
    type: 'varchar',
    values: texts,
    calls: [
      ...ordering('varchar'),
      stringAgg('varchar', ',', "','"),
      stringAgg('varchar', '-', "'-'", true),
      stringAgg('varchar', null, 'null::text', false),
      arrayAgg('varchar'),
      arrayAgg('varchar', false),
    ],
  },
  {
    type: 'bytea',
    values: fc.uint8Array({ maxLength: 3 }),
    calls: [
      countRows,
      plain('min', 'bytea'),
      plain('max', 'bytea'),
      stringAgg('bytea', new Uint8Array([44]), "'\\x2c'::bytea"),
      arrayAgg('bytea'),
    ],
  },
  { type: 'date', values: fc.integer({ min: -719162, max: 2932896 }), calls: [...ordering('date'), arrayAgg('date')] },
  { type: 'time', values: fc.integer({ min: 0, max: 86_399_999_999 }), calls: ordering('time') },
  {
    type: 'timestamp',
    values: fc.bigInt(-62135596800000000n, 253402300799999999n),
    calls: [...ordering('timestamp'), arrayAgg('timestamp')],
  },
  { type: 'timestamptz', values: fc.bigInt(-62135596800000000n, 253402300799999999n), calls: ordering('timestamptz') },
  {
    type: 'boolean',
    values: fc.boolean(),
    calls: [countRows, plain('bool_and', 'boolean'), plain('bool_or', 'boolean'), plain('every', 'boolean'), arrayAgg('boolean')],
  },
  {
    type: 'int4[]',
    values: fc.array(nullable(fc.integer({ min: -2, max: 2 })), { maxLength: 3 }),
    calls: [countRows, plain('min', 'int4[]', true), plain('max', 'int4[]', true), mode('int4[]'), percentile('disc', 0.5, 'int4[]')],
  },
];

const resolve = (call: Call): ResolvedAggregate =>
  resolveAggregate(call.name, call.argTypes, {
    distinct: false,
    orderBy: call.orderBy ?? [],
    directArgs: call.directArgs ?? [],
  });

/** A result as text, or the error message it fails with. */
type Outcome = string | null | { readonly error: string };

function outcome(resolved: ResolvedAggregate, compute: () => Value): Outcome {
  try {
    return formatValue(resolved.returnType, compute());
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Applies weighted rows to a fresh state and reads the result. */
function run(call: Call, resolved: ResolvedAggregate, changes: readonly (readonly [Value, number])[]): Outcome {
  const state = resolved.createState();
  return outcome(resolved, () => {
    for (const [value, weight] of changes) state.apply(call.row(value), weight);
    return state.result();
  });
}

const literal = (type: DataType, value: Value): string =>
  value === null ? `null::${type}` : `'${formatValue(type, value)!.replace(/'/g, "''")}'::${type}`;

async function postgresOutcomes(type: DataType, calls: readonly Call[], values: readonly Value[]): Promise<Outcome[]> {
  const from =
    values.length === 0
      ? `(select null::${type} as x where false) t`
      : `(values ${values.map((value) => `(${literal(type, value)})`).join(', ')}) t(x)`;
  const query = async (selected: readonly Call[]): Promise<Outcome[]> => {
    const result = await pg.query<Outcome[]>(`select ${selected.map((call) => `(${call.sql})::text`).join(', ')} from ${from}`, [], {
      rowMode: 'array',
    });
    return result.rows[0]!;
  };
  try {
    return await query(calls);
  } catch {
    // One call failed the query (an overflow, say): ask for each alone to learn which.
    const outcomes: Outcome[] = [];
    for (const call of calls) {
      try {
        outcomes.push((await query([call]))[0]!);
      } catch (error) {
        outcomes.push({ error: (error as Error).message });
      }
    }
    return outcomes;
  }
}

/**
 * Equal values may print differently (2.0, 2.00): where PostgreSQL's sort decides which, compare values.
 * Float texts are compared as numbers: PostgreSQL prints a few doubles with 17 digits where 16 round-trip
 * (143879033594052608::float8 is 1.4387903359405261e+17), which is the text formatter's concern, not ours.
 */
function sameOutcome(resultType: DataType, call: Call, actual: Outcome, expected: Outcome): boolean {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return true;
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  if (/^-?\d[\d.]*e[+-]\d+$/.test(expected)) {
    const round = resultType === 'float4' ? Math.fround : (x: number) => x;
    return round(Number(actual)) === round(Number(expected));
  }
  return call.picksInput === true && comparator(resultType)(parseValue(resultType, actual), parseValue(resultType, expected)) === 0;
}

describe('aggregates against PostgreSQL', () => {
  beforeAll(async () => {
    pg = await PGlite.create();
    // PostgreSQL 16+ may feed every aggregate of a query the input sorted for one with ORDER BY; PostgreSQL 15
    // (and a query with a single aggregate) gives the scan order.
    await pg.exec('set enable_presorted_aggregate = off');
  }, 60_000);
  afterAll(async () => {
    await pg.close();
  });

  for (const typeCase of TYPE_CASES) {
    it(`agree with PostgreSQL over ${typeCase.type}`, async () => {
      const resolved = typeCase.calls.map(resolve);
      await fc.assert(
        fc.asyncProperty(fc.array(nullable(typeCase.values), { maxLength: 9 }), async (values) => {
          const expected = await postgresOutcomes(typeCase.type, typeCase.calls, values);
          typeCase.calls.forEach((call, index) => {
            const actual = run(call, resolved[index]!, values.map((value) => [value, 1] as const));
            // boolean::text spells 'true'/'false' where boolean output is 't'/'f'.
            const text = expected[index]!;
            const wanted = resolved[index]!.returnType === 'boolean' && typeof text === 'string' ? text[0]! : text;
            if (!sameOutcome(resolved[index]!.returnType, call, actual, wanted)) {
              const input = values.map((value) => formatValue(typeCase.type, value)).join(' ');
              expect({ call: call.sql, input, actual }).toEqual({ call: call.sql, input, actual: wanted });
            }
          });
        }),
        { numRuns: 40 },
      );
    });
  }
});

/**
 * A multiset with weights, an interleaving of its insertions with retractions of part of it (a retraction may
 * come before its insertion, as within a batch), and the rest that should remain.
 */
const retractionScenario = (values: fc.Arbitrary<Value>) =>
  fc
    .array(
      fc.record({ value: nullable(values), weight: fc.integer({ min: 1, max: 3 }), retracted: fc.integer({ min: 0, max: 3 }) }),
      { maxLength: 10 },
    )
    .chain((items) => {
      const changes = items.flatMap((item) => {
        const retracted = Math.min(item.retracted, item.weight);
        return [[item.value, item.weight] as const, ...(retracted > 0 ? [[item.value, -retracted] as const] : [])];
      });
      const rest = items
        .map((item) => [item.value, item.weight - Math.min(item.retracted, item.weight)] as const)
        .filter(([, weight]) => weight > 0);
      return fc
        .shuffledSubarray(changes, { minLength: changes.length, maxLength: changes.length })
        .map((shuffled) => ({ shuffled, rest }));
    });

/** Float aggregates fold in PostgreSQL's order only while append-only: force the exact mode for a fair comparison. */
function withExactMode(changes: readonly (readonly [Value, number])[], sample: Value): (readonly [Value, number])[] {
  if (changes.length === 0 || sample === null) return [...changes];
  return [...changes, [sample, 1], [sample, -1]];
}

/** A result listing inputs in scan order, as the sorted list of its characters: order-blind, content-aware. */
function sortedElements(outcome: Outcome): Outcome {
  return typeof outcome === 'string' ? [...outcome].sort().join('') : outcome;
}

describe('retraction laws', () => {
  for (const typeCase of TYPE_CASES) {
    it(`applying then retracting part equals applying the rest, over ${typeCase.type}`, () => {
      const resolved = typeCase.calls.map(resolve);
      fc.assert(
        fc.property(retractionScenario(typeCase.values), typeCase.values, ({ shuffled, rest }, sample) => {
          typeCase.calls.forEach((call, index) => {
            const floats = typeCase.type === 'float8' || typeCase.type === 'float4';
            let actual = run(call, resolved[index]!, floats ? withExactMode(shuffled, sample) : shuffled);
            let expected = run(call, resolved[index]!, floats ? withExactMode(rest, sample) : rest);
            if (call.inputOrder) {
              actual = sortedElements(actual);
              expected = sortedElements(expected);
            }
            if (!sameOutcome(resolved[index]!.returnType, call, actual, expected)) {
              expect({ call: call.sql, actual }).toEqual({ call: call.sql, actual: expected });
            }
          });
        }),
        { numRuns: 60 },
      );
    });

    it(`retracting everything gives the empty result, over ${typeCase.type}`, () => {
      const resolved = typeCase.calls.map(resolve);
      fc.assert(
        fc.property(fc.array(fc.tuple(nullable(typeCase.values), fc.integer({ min: 1, max: 3 })), { maxLength: 8 }), (changes) => {
          typeCase.calls.forEach((call, index) => {
            const retractions = [...changes].reverse().map(([value, weight]) => [value, -weight] as const);
            const actual = run(call, resolved[index]!, [...changes, ...retractions]);
            expect({ call: call.sql, actual }).toEqual({ call: call.sql, actual: run(call, resolved[index]!, []) });
          });
        }),
        { numRuns: 30 },
      );
    });
  }
});

describe('resolveAggregate', () => {
  const options = (orderBy: readonly AggregateOrderKey[] = [], directArgs: readonly Value[] = []) => ({
    distinct: false,
    orderBy,
    directArgs,
  });
  const signature = (name: string, argTypes: readonly DataType[], orderBy: readonly AggregateOrderKey[] = [], directArgs: readonly Value[] = []) => {
    const resolved = resolveAggregate(name, argTypes, options(orderBy, directArgs));
    return { argTypes: resolved.argTypes, returnType: resolved.returnType, ordered: resolved.ordered };
  };
  const failure = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      const { condition, message, hint } = error as { condition: string; message: string; hint?: string };
      return { condition, message, hint };
    }
    return undefined;
  };

  it('gives PostgreSQL result types', () => {
    const cases: [string, DataType, DataType][] = [
      ['sum', 'int2', 'int8'],
      ['sum', 'int4', 'int8'],
      ['sum', 'int8', 'numeric'],
      ['sum', 'float4', 'float4'],
      ['sum', 'interval', 'interval'],
      ['avg', 'int4', 'numeric'],
      ['avg', 'float4', 'float8'],
      ['avg', 'interval', 'interval'],
      ['stddev', 'int8', 'numeric'],
      ['var_pop', 'float4', 'float8'],
      ['min', 'int2', 'int2'],
      ['max', 'timestamptz', 'timestamptz'],
      ['max', 'int4[]', 'int4[]'],
      ['bit_and', 'int2', 'int2'],
      ['bool_or', 'boolean', 'boolean'],
      ['every', 'boolean', 'boolean'],
      ['array_agg', 'numeric', 'numeric[]'],
      ['count', 'jsonb', 'int8'],
      ['first_value', 'varchar', 'varchar'],
    ];
    for (const [name, input, result] of cases) {
      expect([name, input, signature(name, [input]).returnType]).toEqual([name, input, result]);
    }
    expect(signature('count', [])).toEqual({ argTypes: [], returnType: 'int8', ordered: false });
    expect(signature('string_agg', ['varchar', 'unknown'])).toEqual({ argTypes: ['varchar', 'varchar'], returnType: 'varchar', ordered: true });
  });

  it('casts arguments as PostgreSQL chooses overloads', () => {
    expect(signature('sum', ['int4'], [key('varchar')])).toEqual({ argTypes: ['int4', 'varchar'], returnType: 'int8', ordered: false });
    expect(signature('min', ['unknown'])).toMatchObject({ argTypes: ['varchar'], returnType: 'varchar' });
    expect(signature('stddev', ['unknown'])).toMatchObject({ argTypes: ['float8'], returnType: 'float8' });
    expect(signature('avg', ['time'])).toMatchObject({ argTypes: ['interval'], returnType: 'interval' });
    expect(signature('sum', ['numeric'])).toMatchObject({ argTypes: ['numeric'], returnType: 'numeric' });
    expect(signature('max', ['date'])).toMatchObject({ argTypes: ['date'], returnType: 'date' });
    expect(signature('percentile_cont', ['numeric'], [key('unknown')], [0.5])).toEqual({
      argTypes: ['float8'],
      returnType: 'float8',
      ordered: true,
    });
    expect(signature('percentile_cont', ['float8'], [key('int8')], [0.5])).toMatchObject({ argTypes: ['float8'] });
    expect(signature('percentile_cont', [], [key('interval')], [0.5])).toMatchObject({ returnType: 'interval' });
    expect(signature('percentile_cont', ['float8[]'], [key('float8')], [[0.5]])).toMatchObject({ returnType: 'float8[]' });
    expect(signature('percentile_disc', ['float8'], [key('date')], [0.5])).toMatchObject({ argTypes: ['date'], returnType: 'date' });
    expect(signature('mode', [], [key('int2')])).toMatchObject({ argTypes: ['int2'], returnType: 'int2' });
  });

  it('fails as PostgreSQL does', () => {
    const noFunction = 'No function matches the given name and argument types. You might need to add explicit type casts.';
    const notUnique = 'Could not choose a best candidate function. You might need to add explicit type casts.';
    expect(failure(() => resolveAggregate('sum', ['varchar'], options()))).toEqual({
      condition: 'undefined_function',
      message: 'function sum(character varying) does not exist',
      hint: noFunction,
    });
    expect(failure(() => resolveAggregate('sum', ['unknown'], options()))).toEqual({
      condition: 'ambiguous_function',
      message: 'function sum(unknown) is not unique',
      hint: notUnique,
    });
    expect(failure(() => resolveAggregate('avg', ['unknown'], options()))?.message).toBe('function avg(unknown) is not unique');
    expect(failure(() => resolveAggregate('array_agg', ['unknown'], options()))?.message).toBe('function array_agg(unknown) is not unique');
    expect(failure(() => resolveAggregate('max', ['boolean'], options()))?.message).toBe('function max(boolean) does not exist');
    expect(failure(() => resolveAggregate('min', ['jsonb'], options()))?.message).toBe('function min(jsonb) does not exist');
    expect(failure(() => resolveAggregate('string_agg', ['int4', 'unknown'], options()))?.message).toBe(
      'function string_agg(integer, unknown) does not exist',
    );
    expect(failure(() => resolveAggregate('percentile_cont', ['numeric'], options([key('varchar')], [0.5])))?.message).toBe(
      'function percentile_cont(numeric, character varying) does not exist',
    );
    expect(failure(() => resolveAggregate('percentile_cont', ['numeric'], options([key('int8'), key('int8')], [0.5])))?.message).toBe(
      'function percentile_cont(numeric, bigint, bigint) does not exist',
    );
    expect(failure(() => resolveAggregate('percentile_cont', ['float8'], options([key('float8')], [1.5])))).toEqual({
      condition: 'numeric_value_out_of_range',
      message: 'percentile value 1.5 is not between 0 and 1',
      hint: undefined,
    });
    expect(failure(() => resolveAggregate('mode', [], options([key('unknown')])))).toEqual({
      condition: 'datatype_mismatch',
      message: 'could not determine polymorphic type because input has type unknown',
      hint: undefined,
    });
    expect(failure(() => resolveAggregate('array_agg', ['int4[]'], options()))?.condition).toBe('feature_not_supported');
    expect(failure(() => resolveAggregate('median', ['int4'], options()))?.message).toBe('function median(integer) does not exist');
  });

  it('knows its names, in any case', () => {
    expect(['SUM', 'count', 'Every', 'first_value', 'percentile_disc', 'bit_xor'].map(isAggregateFunction)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['lower', 'coalesce', 'row_number'].map(isAggregateFunction)).toEqual([false, false, false]);
  });
});
