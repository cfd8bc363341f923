// Operators on numeric (+ - * / % ^ @, unary -): exact decimal arithmetic with PostgreSQL's result scales.
import type { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';

const binary = (op: string, fn: (a: Numeric, b: Numeric) => Numeric): FunctionDef =>
  defineFunction(op, ['numeric', 'numeric'], 'numeric', fn as (a: Value, b: Value) => Value);

const prefix = (op: string, fn: (a: Numeric) => Numeric): FunctionDef =>
  defineFunction(op, ['numeric'], 'numeric', fn as (a: Value) => Value);

export const numericBinaryOperators: readonly FunctionDef[] = [
  binary('+', (a, b) => a.add(b)),
  binary('-', (a, b) => a.sub(b)),
  binary('*', (a, b) => a.mul(b)),
  binary('/', (a, b) => a.div(b)),
  binary('%', (a, b) => a.mod(b)),
  binary('^', (a, b) => a.pow(b)),
];

export const numericPrefixOperators: readonly FunctionDef[] = [prefix('-', (a) => a.neg()), prefix('@', (a) => a.abs())];
