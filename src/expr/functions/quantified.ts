// `x op ANY (array)` and `x op ALL (array)`, which the binder calls as any_op(op, x, array) and all_op(op, x, array).
import { castFunction } from '../../types/cast.js';
import type { DataType, ScalarType } from '../../types/data-type.js';
import { arrayOf, elementType, isArrayType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import type { Impl } from './function-def.js';

/** What resolveOperator returns, reduced to what is used here (avoids an import cycle with the registry). */
interface OperatorImpl {
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  readonly impl: Impl;
  readonly strict: boolean;
}

type ResolveOperator = (op: string, left: DataType, right: DataType) => OperatorImpl;

/** The resolved quantified comparison; its shape is the registry's ResolvedFunction. */
export interface QuantifiedFunction {
  readonly name: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  readonly impl: Impl;
  readonly strict: boolean;
  readonly specialize: (constants: readonly (Value | undefined)[]) => Impl;
}

const identity = (v: Value): Value => v;

/** Casts between the operand types and the operator's parameter types, prepared once. */
function caster(from: DataType, to: DataType): (v: Value) => Value {
  if (from === to) return identity;
  return castFunction(from, to) ?? identity;
}

/**
 * Resolves any_op/all_op for `[op text, left, array]`. The operator is only known at specialization (it is a
 * constant the binder passes); an untyped left side takes the array's element type and vice versa.
 */
export function resolveQuantified(name: 'any_op' | 'all_op', inputs: readonly DataType[], resolveOperator: ResolveOperator): QuantifiedFunction {
  let left = inputs[1]!;
  let array = inputs[2]!;
  if (array !== 'unknown' && !isArrayType(array)) {
    throw new SqlError('datatype_mismatch', 'op ANY/ALL (array) requires array on right side');
  }
  if (left === 'unknown') left = array === 'unknown' ? 'varchar' : elementType(array);
  if (array === 'unknown') array = arrayOf(isArrayType(left) ? 'varchar' : (left as ScalarType));
  const element = elementType(array);
  const any = name === 'any_op';

  const build = (op: string): Impl => {
    const fn = resolveOperator(op, left, element);
    if (fn.returnType !== 'boolean') {
      throw new SqlError('datatype_mismatch', 'op ANY/ALL (array) requires operator to yield boolean');
    }
    const castLeft = caster(left, fn.argTypes[0]!);
    const castElement = caster(element, fn.argTypes[1]!);
    const compare = fn.impl;
    const strict = fn.strict;
    return (_op, x, list) => {
      if (list === null) return null;
      const elements = list as readonly Value[];
      if (elements.length === 0) return !any;
      if (x === null && strict) return null;
      const leftValue = x === null ? null : castLeft(x);
      let sawNull = false;
      for (const e of elements) {
        const result = e === null && strict ? null : compare(leftValue, e === null ? null : castElement(e));
        if (result === null) sawNull = true;
        else if (result === any) return any;
      }
      return sawNull ? null : !any;
    };
  };

  const built = new Map<string, Impl>();
  const impl: Impl = (op, x, list) => {
    if (op === null) return null;
    let fn = built.get(op as string);
    if (!fn) {
      fn = build(op as string);
      built.set(op as string, fn);
    }
    return fn(op, x, list);
  };
  return {
    name,
    argTypes: ['varchar', left, array],
    returnType: 'boolean',
    impl,
    strict: false,
    specialize: (constants) => (typeof constants[0] === 'string' ? build(constants[0]) : impl),
  };
}
