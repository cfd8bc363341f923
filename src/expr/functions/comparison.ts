// Comparison operators (= <> < <= > >=) for every type, and num_nulls/num_nonnulls.
import { comparator } from '../../types/compare.js';
import type { DataType, ScalarType } from '../../types/data-type.js';
import type { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { defineBuilt, defineFunction } from './function-def.js';
import type { FunctionDef, Impl } from './function-def.js';

type Compare = (a: Value, b: Value) => number;

/** The six operators, each turning a three-way comparison into a boolean. */
const OPERATORS: readonly (readonly [string, (c: number) => boolean])[] = [
  ['=', (c) => c === 0],
  ['<>', (c) => c !== 0],
  ['<', (c) => c < 0],
  ['<=', (c) => c <= 0],
  ['>', (c) => c > 0],
  ['>=', (c) => c >= 0],
];

/**
 * Direct implementations for values JS compares natively (integers, dates, timestamps as number/bigint):
 * no comparator call per row.
 */
const PRIMITIVE: Readonly<Record<string, Impl>> = {
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
};

const PRIMITIVE_TYPES = new Set<DataType>(['int2', 'int4', 'int8', 'date', 'time', 'timestamp', 'timestamptz', 'boolean']);

/** Floats: NaN equals NaN and sorts above everything, -0 equals 0 (PostgreSQL's float8_cmp_internal). */
export function compareFloat(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = a !== a;
  const bNaN = b !== b;
  return aNaN ? (bNaN ? 0 : 1) : -1;
}

function implFor(type: DataType, op: string, test: (c: number) => boolean): Impl {
  if (PRIMITIVE_TYPES.has(type)) return PRIMITIVE[op]!;
  if (type === 'float4' || type === 'float8') return (a, b) => test(compareFloat(a as number, b as number));
  if (type === 'numeric') return (a, b) => test((a as Numeric).compare(b as Numeric));
  if (type === 'varchar' && (op === '=' || op === '<>')) return PRIMITIVE[op]!;
  const compare: Compare = comparator(type);
  return (a, b) => test(compare(a, b));
}

/** A three-way comparison of non-null values of `type`, with the fast paths of the operators. */
export function compareFor(type: DataType): Compare {
  if (PRIMITIVE_TYPES.has(type)) return (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
  if (type === 'float4' || type === 'float8') return (a, b) => compareFloat(a as number, b as number);
  if (type === 'numeric') return (a, b) => (a as Numeric).compare(b as Numeric);
  return comparator(type);
}

/** IS NOT DISTINCT FROM for values of `type`: NULL matches only NULL. */
export function notDistinctFor(type: DataType): (a: Value, b: Value) => boolean {
  const equal = implFor(type, '=', (c) => c === 0);
  return (a, b) => (a === null || b === null ? a === b : equal(a, b) === true);
}

const SCALAR_TYPES: readonly ScalarType[] = [
  'boolean',
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'varchar',
  'bytea',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'jsonb',
];

function comparisonOperators(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  for (const [op, test] of OPERATORS) {
    for (const type of SCALAR_TYPES) {
      let impl: Impl | undefined;
      // Comparators are looked up lazily: the types library builds them on first use.
      defs.push(
        defineBuilt(op, [type, type], 'boolean', () => {
          impl ??= implFor(type, op, test);
          return { impl };
        }),
      );
    }
    defs.push(defineBuilt(op, ['anyarray', 'anyarray'], 'boolean', ({ argTypes }) => ({ impl: implFor(argTypes[0]!, op, test) })));
    // PostgreSQL's float48eq & co.: they take part in resolving `integer = real` (to double precision).
    const floats = implFor('float8', op, test);
    defs.push(defineFunction(op, ['float4', 'float8'], 'boolean', floats), defineFunction(op, ['float8', 'float4'], 'boolean', floats));
  }
  return defs;
}

export const comparisonBinaryOperators: readonly FunctionDef[] = comparisonOperators();

const countNulls = (values: Value): Value => {
  let count = 0;
  for (const v of values as readonly Value[]) if (v === null) count++;
  return count;
};

export const comparisonFunctions: readonly FunctionDef[] = [
  defineFunction('num_nulls', ['any'], 'int4', countNulls, { variadic: true, strict: false }),
  defineFunction('num_nonnulls', ['any'], 'int4', (values) => (values as readonly Value[]).length - (countNulls(values) as number), {
    variadic: true,
    strict: false,
  }),
];
