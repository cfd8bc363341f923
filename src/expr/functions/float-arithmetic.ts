// Operators on real and double precision (+ - * / ^ @ |/ ||/, unary -) with PostgreSQL's overflow/underflow checks.
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { pow } from './correctly-rounded.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { divisionByZero } from './integer-arithmetic.js';

export const floatOverflow = (): SqlError => new SqlError('numeric_value_out_of_range', 'value out of range: overflow');
export const floatUnderflow = (): SqlError => new SqlError('numeric_value_out_of_range', 'value out of range: underflow');

const isInf = (x: number): boolean => x === Infinity || x === -Infinity;

/** PostgreSQL's check_float8_val: an infinite result from finite inputs overflowed; a zero from non-zero ones underflowed. */
export function checkFloat(result: number, infinityAllowed: boolean, zeroAllowed: boolean): number {
  if (isInf(result) && !infinityAllowed) throw floatOverflow();
  if (result === 0 && !zeroAllowed) throw floatUnderflow();
  return result;
}

type Round = (x: number) => number;
const identity: Round = (x) => x;

/** The arithmetic of one float type; `round` is Math.fround for real (a double result of two floats rounds exactly). */
function floatOperators(type: 'float4' | 'float8', round: Round): FunctionDef[] {
  const binary = (op: string, fn: (a: number, b: number) => number): FunctionDef =>
    defineFunction(op, [type, type], type, fn as (a: Value, b: Value) => Value);
  const prefix = (op: string, fn: (a: number) => number): FunctionDef => defineFunction(op, [type], type, fn as (a: Value) => Value);
  return [
    binary('+', (a, b) => checkFloat(round(a + b), isInf(a) || isInf(b), true)),
    binary('-', (a, b) => checkFloat(round(a - b), isInf(a) || isInf(b), true)),
    binary('*', (a, b) => checkFloat(round(a * b), isInf(a) || isInf(b), a === 0 || b === 0)),
    binary('/', (a, b) => floatDivide(a, b, round)),
    prefix('-', (a) => -a),
    prefix('@', (a) => Math.abs(a)),
  ];
}

/** float8_div: zero divisors are an error unless the dividend is NaN. */
export function floatDivide(a: number, b: number, round: Round = identity): number {
  if (b === 0 && !Number.isNaN(a)) throw divisionByZero();
  const result = round(a / b);
  if (isInf(result) && !isInf(a)) throw floatOverflow();
  if (result === 0 && a !== 0 && !isInf(b)) throw floatUnderflow();
  return result;
}

const powerError = (message: string): SqlError => new SqlError('invalid_argument_for_function', message);

/** PostgreSQL's dpow: POSIX special cases for NaN and infinities, SQL-standard errors for complex or undefined results. */
export function floatPower(x: number, y: number): number {
  if (Number.isNaN(x)) return Number.isNaN(y) || y !== 0 ? NaN : 1;
  if (Number.isNaN(y)) return x !== 1 ? NaN : 1;
  if (x === 0 && y < 0) throw powerError('zero raised to a negative power is undefined');
  if (x < 0 && Math.floor(y) !== y) throw powerError('a negative number raised to a non-integer power yields a complex result');
  if (isInf(y)) {
    const absX = Math.abs(x);
    if (absX === 1) return 1;
    if (y > 0) return absX > 1 ? y : 0;
    return absX > 1 ? 0 : -y;
  }
  if (isInf(x)) {
    if (y === 0) return 1;
    if (x > 0) return y > 0 ? x : 0;
    const halfY = y / 2;
    const yIsOddInteger = Math.floor(halfY) !== halfY;
    if (y > 0) return yIsOddInteger ? x : -x;
    return yIsOddInteger ? -0 : 0;
  }
  const result = pow(x, y);
  if (isInf(result)) throw floatOverflow();
  if (result === 0 && x !== 0) throw floatUnderflow();
  return result;
}

/** dsqrt */
export function floatSqrt(x: number): number {
  if (x < 0) throw powerError('cannot take square root of a negative number');
  return Math.sqrt(x);
}

/**
 * real with double precision (float48pl, float84mul, ...): computed as double precision. They exist in
 * PostgreSQL, and their presence is why `integer + real` resolves to double precision there.
 */
function mixedFloatOperators(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  for (const params of [['float4', 'float8'], ['float8', 'float4']] as const) {
    const binary = (op: string, fn: (a: number, b: number) => number): void => {
      defs.push(defineFunction(op, params, 'float8', fn as (a: Value, b: Value) => Value));
    };
    binary('+', (a, b) => checkFloat(a + b, isInf(a) || isInf(b), true));
    binary('-', (a, b) => checkFloat(a - b, isInf(a) || isInf(b), true));
    binary('*', (a, b) => checkFloat(a * b, isInf(a) || isInf(b), a === 0 || b === 0));
    binary('/', (a, b) => floatDivide(a, b));
  }
  return defs;
}

const all = [
  ...floatOperators('float4', Math.fround),
  ...floatOperators('float8', identity),
  ...mixedFloatOperators(),
  defineFunction('^', ['float8', 'float8'], 'float8', (a, b) => floatPower(a as number, b as number)),
  defineFunction('|/', ['float8'], 'float8', (a) => floatSqrt(a as number)),
  defineFunction('||/', ['float8'], 'float8', (a) => Math.cbrt(a as number)),
];

export const floatBinaryOperators: readonly FunctionDef[] = all.filter((d) => d.params.length === 2);
export const floatPrefixOperators: readonly FunctionDef[] = all.filter((d) => d.params.length === 1);
