// Operators on smallint, integer and bigint (+ - * / % & | # ~ << >> @, unary -) with PostgreSQL's overflow errors.
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';

const INT2_MIN = -32768;
const INT2_MAX = 32767;
const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;
const INT8_MIN = -9223372036854775808n;
const INT8_MAX = 9223372036854775807n;

/** `smallint out of range` and friends: PostgreSQL's wording of integer overflow. */
export const outOfRange = (typeName: 'smallint' | 'integer' | 'bigint'): SqlError =>
  new SqlError('numeric_value_out_of_range', `${typeName} out of range`);

export const divisionByZero = (): SqlError => new SqlError('division_by_zero', 'division by zero');

/** Range check of a JS number holding an exact or rounded integer result; `| 0` turns -0 into 0. */
export function checkInt4(r: number): number {
  if (r > INT4_MAX || r < INT4_MIN) throw outOfRange('integer');
  return r | 0;
}

export function checkInt2(r: number): number {
  if (r > INT2_MAX || r < INT2_MIN) throw outOfRange('smallint');
  return r | 0;
}

export function checkInt8(r: bigint): bigint {
  if (r > INT8_MAX || r < INT8_MIN) throw outOfRange('bigint');
  return r;
}

type NumberOp = (a: number, b: number) => number;

/** The operators of int2 or int4, both held as JS numbers; `check` is the range check of the type. */
function smallIntegerOperators(type: 'int2' | 'int4', check: (r: number) => number, min: number): FunctionDef[] {
  const binary = (op: string, fn: NumberOp): FunctionDef =>
    defineFunction(op, [type, type], type, fn as (a: Value, b: Value) => Value);
  const shift = (op: string, fn: NumberOp): FunctionDef =>
    defineFunction(op, [type, 'int4'], type, fn as (a: Value, b: Value) => Value);
  const prefix = (op: string, fn: (a: number) => number): FunctionDef => defineFunction(op, [type], type, fn as (a: Value) => Value);
  // Shifts wrap to the type's width, as C does on the 32-bit int PostgreSQL computes in.
  const wrap = type === 'int2' ? (r: number): number => (r << 16) >> 16 : (r: number): number => r | 0;
  return [
    binary('+', (a, b) => check(a + b)),
    binary('-', (a, b) => check(a - b)),
    // A product of two 32-bit integers can lose precision in a double, but never across the range limits.
    binary('*', (a, b) => check(a * b)),
    binary('/', (a, b) => {
      if (b === 0) throw divisionByZero();
      return check(Math.trunc(a / b));
    }),
    binary('%', (a, b) => {
      if (b === 0) throw divisionByZero();
      return (a % b) | 0;
    }),
    binary('&', (a, b) => a & b),
    binary('|', (a, b) => a | b),
    binary('#', (a, b) => a ^ b),
    shift('<<', (a, b) => wrap(a << b)),
    shift('>>', (a, b) => a >> b),
    prefix('-', (a) => check(-a)),
    prefix('@', (a) => {
      if (a === min) throw outOfRange(type === 'int2' ? 'smallint' : 'integer');
      return Math.abs(a);
    }),
    prefix('~', (a) => wrap(~a)),
  ];
}

type BigOp = (a: bigint, b: bigint) => bigint;

function bigintOperators(): FunctionDef[] {
  const binary = (op: string, fn: BigOp): FunctionDef => defineFunction(op, ['int8', 'int8'], 'int8', fn as (a: Value, b: Value) => Value);
  const prefix = (op: string, fn: (a: bigint) => bigint): FunctionDef => defineFunction(op, ['int8'], 'int8', fn as (a: Value) => Value);
  const shiftCount = (b: number): bigint => BigInt(b & 63);
  return [
    binary('+', (a, b) => checkInt8(a + b)),
    binary('-', (a, b) => checkInt8(a - b)),
    binary('*', (a, b) => checkInt8(a * b)),
    binary('/', (a, b) => {
      if (b === 0n) throw divisionByZero();
      return checkInt8(a / b);
    }),
    binary('%', (a, b) => {
      if (b === 0n) throw divisionByZero();
      return a % b;
    }),
    binary('&', (a, b) => a & b),
    binary('|', (a, b) => a | b),
    binary('#', (a, b) => a ^ b),
    defineFunction('<<', ['int8', 'int4'], 'int8', (a, b) => BigInt.asIntN(64, (a as bigint) << shiftCount(b as number))),
    defineFunction('>>', ['int8', 'int4'], 'int8', (a, b) => (a as bigint) >> shiftCount(b as number)),
    prefix('-', (a) => checkInt8(-a)),
    prefix('@', (a) => checkInt8(a < 0n ? -a : a)),
    prefix('~', (a) => ~a),
  ];
}

const all = [...smallIntegerOperators('int2', checkInt2, INT2_MIN), ...smallIntegerOperators('int4', checkInt4, INT4_MIN), ...bigintOperators()];

/** Binary integer operators. */
export const integerBinaryOperators: readonly FunctionDef[] = all.filter((d) => d.params.length === 2);
/** Prefix integer operators (`-`, `@`, `~`). */
export const integerPrefixOperators: readonly FunctionDef[] = all.filter((d) => d.params.length === 1);
