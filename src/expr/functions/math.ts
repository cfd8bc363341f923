// Mathematical functions (abs, round, trunc, floor, ceil, mod, power, sqrt, exp, ln, log, sign, pi, random, ...).
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { exp, ln } from './correctly-rounded.js';
import { checkFloat, floatPower, floatSqrt, floatOverflow, floatUnderflow } from './float-arithmetic.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef, Impl } from './function-def.js';
import { checkInt4, checkInt8, divisionByZero, outOfRange } from './integer-arithmetic.js';
import { numericExp, numericLn, numericLog } from './numeric-transcendental.js';

const f = (fn: (x: number) => number): Impl => fn as (x: Value) => Value;
const f2 = (fn: (x: number, y: number) => number): Impl => fn as (x: Value, y: Value) => Value;
const n = (fn: (x: Numeric) => Value): Impl => fn as (x: Value) => Value;
const n2 = (fn: (x: Numeric, y: Numeric) => Value): Impl => fn as (x: Value, y: Value) => Value;

/** C's rint: round half to even, keeping the sign of zero (PostgreSQL's round(float8)). */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const fraction = x - floor;
  let result: number;
  if (fraction < 0.5) result = floor;
  else if (fraction > 0.5) result = floor + 1;
  else result = floor % 2 === 0 ? floor : floor + 1;
  return result === 0 && (x < 0 || Object.is(x, -0)) ? -0 : result;
}

const logError = (message: string): SqlError => new SqlError('invalid_argument_for_function', message);
const outOfRangeInput = (): SqlError => new SqlError('numeric_value_out_of_range', 'input is out of range');

/** dlog1/dlog10: logarithms of positive numbers, with PostgreSQL's errors and overflow checks. */
function floatLog(log: (x: number) => number): Impl {
  return f((x) => {
    if (x === 0) throw logError('cannot take logarithm of zero');
    if (x < 0) throw logError('cannot take logarithm of a negative number');
    const result = log(x);
    if (!Number.isFinite(result) && Number.isFinite(x) && !Number.isNaN(result)) throw floatOverflow();
    if (result === 0 && x !== 1) throw floatUnderflow();
    return result;
  });
}

/** dexp */
function floatExp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return x > 0 ? x : 0;
  const result = exp(x);
  if (!Number.isFinite(result)) throw floatOverflow();
  if (result === 0) throw floatUnderflow();
  return result;
}

/** Trigonometric functions reject infinite inputs and out-of-domain ones, as PostgreSQL's dsin/dacos/... do. */
function trig(fn: (x: number) => number, domain?: (x: number) => boolean): Impl {
  return f((x) => {
    if (Number.isNaN(x)) return x;
    if (!Number.isFinite(x) || (domain && !domain(x))) throw outOfRangeInput();
    return checkFloat(fn(x), false, true);
  });
}

const unitDomain = (x: number): boolean => x >= -1 && x <= 1;

function floatSign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

function numericSign(x: Numeric): Numeric {
  if (x.isNaN()) return x;
  const sign = x.sign();
  return sign > 0 ? Numeric.ONE : sign < 0 ? new Numeric(-1n, 0) : Numeric.ZERO;
}

/** round(numeric, int) and trunc(numeric, int): the int comes as a JS number. */
const withScale = (fn: (x: Numeric, scale: number) => Numeric): Impl => (x, s) => fn(x as Numeric, s as number);

function numericScale(x: Numeric): Value {
  return x.isSpecial() ? null : x.scale;
}

function minScale(x: Numeric): Value {
  if (x.isSpecial()) return null;
  return x.normalized().scale;
}

function trimScale(x: Numeric): Numeric {
  return x.isSpecial() ? x : x.normalized();
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** gcd/lcm of int4 or int8: PostgreSQL reports the one result that does not fit (gcd(min, 0), lcm overflow). */
function integerGcd(check: (r: bigint) => bigint): (a: Value, b: Value) => bigint {
  return (a, b) => check(gcd(BigInt(a as number | bigint), BigInt(b as number | bigint)));
}

function integerLcm(check: (r: bigint) => bigint): (a: Value, b: Value) => bigint {
  return (a, b) => {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    if (x === 0n || y === 0n) return 0n;
    const result = (x / gcd(x, y)) * y;
    return check(result < 0n ? -result : result);
  };
}

const checkInt4Big = (r: bigint): bigint => {
  if (r > 2147483647n || r < -2147483648n) throw outOfRange('integer');
  return r;
};

function numericGcd(a: Numeric, b: Numeric): Numeric {
  if (a.isSpecial() || b.isSpecial()) return Numeric.NAN;
  const scale = Math.max(a.scale, b.scale);
  return new Numeric(gcd(a.withScale(scale).unscaled, b.withScale(scale).unscaled), scale);
}

function numericLcm(a: Numeric, b: Numeric): Numeric {
  if (a.isSpecial() || b.isSpecial()) return Numeric.NAN;
  const scale = Math.max(a.scale, b.scale);
  const x = a.withScale(scale).unscaled;
  const y = b.withScale(scale).unscaled;
  if (x === 0n || y === 0n) return new Numeric(0n, scale);
  const result = (x / gcd(x, y)) * y;
  return new Numeric(result < 0n ? -result : result, scale);
}

function factorial(x: bigint): Numeric {
  if (x < 0n) throw new SqlError('numeric_value_out_of_range', 'factorial of a negative number is undefined');
  if (x > 32177n) throw new SqlError('numeric_value_out_of_range', 'value overflows numeric format');
  let result = 1n;
  for (let i = 2n; i <= x; i++) result *= i;
  return new Numeric(result, 0);
}

/** width_bucket(operand, low, high, count) on float8 (PostgreSQL's width_bucket_float8). */
function widthBucket(operand: number, low: number, high: number, count: number): number {
  if (count <= 0) throw new SqlError('invalid_argument_for_function', 'count must be greater than zero');
  if (Number.isNaN(operand) || Number.isNaN(low) || Number.isNaN(high)) {
    throw new SqlError('invalid_argument_for_function', 'operand, lower bound, and upper bound cannot be NaN');
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new SqlError('invalid_argument_for_function', 'lower and upper bounds must be finite');
  }
  if (low === high) throw new SqlError('invalid_argument_for_function', 'lower bound cannot equal upper bound');
  if (low < high) {
    if (operand < low) return 0;
    if (operand >= high) return checkInt4(count + 1);
    return Math.trunc((count * (operand - low)) / (high - low)) + 1;
  }
  if (operand > low) return 0;
  if (operand <= high) return checkInt4(count + 1);
  return Math.trunc((count * (low - operand)) / (low - high)) + 1;
}

let randomSource: () => number = Math.random;

const numericAbs = n((x) => x.abs());
const TEN = new Numeric(10n, 0);

export const mathFunctions: readonly FunctionDef[] = [
  defineFunction('abs', ['int2'], 'int2', f((x) => {
    if (x === -32768) throw outOfRange('smallint');
    return Math.abs(x);
  })),
  defineFunction('abs', ['int4'], 'int4', f((x) => {
    if (x === -2147483648) throw outOfRange('integer');
    return Math.abs(x);
  })),
  defineFunction('abs', ['int8'], 'int8', (x) => checkInt8((x as bigint) < 0n ? -(x as bigint) : (x as bigint))),
  defineFunction('abs', ['float4'], 'float4', f(Math.abs)),
  defineFunction('abs', ['float8'], 'float8', f(Math.abs)),
  defineFunction('abs', ['numeric'], 'numeric', numericAbs),

  defineFunction('round', ['float8'], 'float8', f(rint)),
  defineFunction('round', ['numeric'], 'numeric', n((x) => x.round(0))),
  defineFunction('round', ['numeric', 'int4'], 'numeric', withScale((x, s) => x.round(s))),
  defineFunction('trunc', ['float8'], 'float8', f(Math.trunc)),
  defineFunction('trunc', ['numeric'], 'numeric', n((x) => x.trunc(0))),
  defineFunction('trunc', ['numeric', 'int4'], 'numeric', withScale((x, s) => x.trunc(s))),
  ...['ceil', 'ceiling'].flatMap((name) => [
    defineFunction(name, ['float8'], 'float8', f(Math.ceil)),
    defineFunction(name, ['numeric'], 'numeric', n((x) => x.ceil())),
  ]),
  defineFunction('floor', ['float8'], 'float8', f(Math.floor)),
  defineFunction('floor', ['numeric'], 'numeric', n((x) => x.floor())),
  defineFunction('sign', ['float8'], 'float8', f(floatSign)),
  defineFunction('sign', ['numeric'], 'numeric', n(numericSign)),

  defineFunction('mod', ['int2', 'int2'], 'int2', f2((a, b) => {
    if (b === 0) throw divisionByZero();
    return (a % b) | 0;
  })),
  defineFunction('mod', ['int4', 'int4'], 'int4', f2((a, b) => {
    if (b === 0) throw divisionByZero();
    return (a % b) | 0;
  })),
  defineFunction('mod', ['int8', 'int8'], 'int8', (a, b) => {
    if (b === 0n) throw divisionByZero();
    return (a as bigint) % (b as bigint);
  }),
  defineFunction('mod', ['numeric', 'numeric'], 'numeric', n2((a, b) => a.mod(b))),
  defineFunction('div', ['numeric', 'numeric'], 'numeric', n2((a, b) => a.divTrunc(b))),
  ...['power', 'pow'].flatMap((name) => [
    defineFunction(name, ['float8', 'float8'], 'float8', f2(floatPower)),
    defineFunction(name, ['numeric', 'numeric'], 'numeric', n2((a, b) => a.pow(b))),
  ]),
  defineFunction('sqrt', ['float8'], 'float8', f(floatSqrt)),
  defineFunction('sqrt', ['numeric'], 'numeric', n((x) => x.sqrt())),
  defineFunction('cbrt', ['float8'], 'float8', f(Math.cbrt)),
  defineFunction('exp', ['float8'], 'float8', f(floatExp)),
  defineFunction('exp', ['numeric'], 'numeric', n(numericExp)),
  defineFunction('ln', ['float8'], 'float8', floatLog(ln)),
  defineFunction('ln', ['numeric'], 'numeric', n(numericLn)),
  ...['log', 'log10'].flatMap((name) => [
    defineFunction(name, ['float8'], 'float8', floatLog(Math.log10)),
    defineFunction(name, ['numeric'], 'numeric', n((x) => numericLog(TEN, x))),
  ]),
  defineFunction('log', ['numeric', 'numeric'], 'numeric', n2(numericLog)),
  defineFunction('pi', [], 'float8', () => Math.PI),
  defineFunction('random', [], 'float8', () => randomSource(), { volatile: true }),
  defineFunction('degrees', ['float8'], 'float8', f((x) => checkFloat(x * (180 / Math.PI), !Number.isFinite(x), true))),
  defineFunction('radians', ['float8'], 'float8', f((x) => checkFloat(x * (Math.PI / 180), !Number.isFinite(x), true))),
  defineFunction('sin', ['float8'], 'float8', trig(Math.sin)),
  defineFunction('cos', ['float8'], 'float8', trig(Math.cos)),
  defineFunction('tan', ['float8'], 'float8', trig(Math.tan)),
  defineFunction('asin', ['float8'], 'float8', trig(Math.asin, unitDomain)),
  defineFunction('acos', ['float8'], 'float8', trig(Math.acos, unitDomain)),
  defineFunction('atan', ['float8'], 'float8', f((x) => (Number.isNaN(x) ? x : Math.atan(x)))),
  defineFunction('atan2', ['float8', 'float8'], 'float8', f2(Math.atan2)),
  defineFunction('gcd', ['int4', 'int4'], 'int4', (a, b) => Number(integerGcd(checkInt4Big)(a, b))),
  defineFunction('gcd', ['int8', 'int8'], 'int8', integerGcd(checkInt8)),
  defineFunction('gcd', ['numeric', 'numeric'], 'numeric', n2(numericGcd)),
  defineFunction('lcm', ['int4', 'int4'], 'int4', (a, b) => Number(integerLcm(checkInt4Big)(a, b))),
  defineFunction('lcm', ['int8', 'int8'], 'int8', integerLcm(checkInt8)),
  defineFunction('lcm', ['numeric', 'numeric'], 'numeric', n2(numericLcm)),
  defineFunction('factorial', ['int8'], 'numeric', (x) => factorial(x as bigint)),
  defineFunction('scale', ['numeric'], 'int4', n(numericScale)),
  defineFunction('min_scale', ['numeric'], 'int4', n(minScale)),
  defineFunction('trim_scale', ['numeric'], 'numeric', n(trimScale)),
  defineFunction('width_bucket', ['float8', 'float8', 'float8', 'int4'], 'int4', (x, lo, hi, c) =>
    widthBucket(x as number, lo as number, hi as number, c as number),
  ),
];

/** Replaces the source of random() (tests use a seeded one); returns the previous source. */
export function setRandomSource(source: () => number): () => number {
  const previous = randomSource;
  randomSource = source;
  return previous;
}
