// Resolution of PostgreSQL's polymorphic parameters (anyelement, anyarray, anycompatible, ...) for one call.
import { commonType } from '../../types/cast.js';
import type { DataType, ScalarType } from '../../types/data-type.js';
import { arrayOf, elementType, isArrayType } from '../../types/data-type.js';
import type { ParamType } from './function-def.js';

/** Maps declared parameter types to the concrete types of one call. */
export interface PolymorphicBinding {
  /** The concrete type for a parameter declared `param` that receives an argument of type `input`. */
  concrete(param: ParamType, input: DataType): DataType;
  /** Only untyped arguments fed anyelement-family parameters: PostgreSQL cannot pick their type. */
  readonly undetermined?: boolean;
}

const MONOMORPHIC: PolymorphicBinding = {
  concrete: (param, input) => (param === 'any' ? input : (param as DataType)),
};

/**
 * PostgreSQL's check_generic_type_consistency plus enforce_generic_type_consistency: all anyelement-family
 * arguments must agree on one element type; anycompatible-family ones must have a common type. Untyped
 * arguments are ignored; an anycompatible type that nothing determines is text, an anyelement one is left
 * `undetermined` (an error once that overload is chosen). Undefined when inconsistent.
 */
export function resolvePolymorphic(inputs: readonly DataType[], params: readonly ParamType[]): PolymorphicBinding | undefined {
  let element: DataType | undefined;
  let hasElementFamily = false;
  let needsScalarElement = false;
  const compatible: DataType[] = [];
  let hasCompatibleFamily = false;
  for (let argIdx = 0; argIdx < params.length; argIdx++) {
    const param = params[argIdx]!;
    const input = inputs[argIdx]!;
    switch (param) {
      case 'anyelement':
      case 'anynonarray': {
        hasElementFamily = true;
        if (input === 'unknown') break;
        if (param === 'anynonarray' && isArrayType(input)) return undefined;
        if (element !== undefined && element !== input) return undefined;
        element = input;
        break;
      }
      case 'anyarray': {
        hasElementFamily = true;
        needsScalarElement = true;
        if (input === 'unknown') break;
        if (!isArrayType(input)) return undefined;
        const inner = elementType(input);
        if (element !== undefined && element !== inner) return undefined;
        element = inner;
        break;
      }
      case 'anycompatible':
        hasCompatibleFamily = true;
        if (input !== 'unknown') compatible.push(input);
        break;
      case 'anycompatiblearray':
        hasCompatibleFamily = true;
        if (input === 'unknown') break;
        if (!isArrayType(input)) return undefined;
        compatible.push(elementType(input));
        break;
      default:
        break;
    }
  }
  if (!hasElementFamily && !hasCompatibleFamily) return MONOMORPHIC;
  if (hasElementFamily && needsScalarElement && element !== undefined && isArrayType(element)) return undefined;
  const elementResolved: DataType = element ?? 'varchar';
  let compatibleResolved: DataType = 'varchar';
  if (compatible.length > 0) {
    const common = commonType(compatible);
    if (common === undefined || isArrayType(common)) return undefined;
    compatibleResolved = common;
  }
  return {
    undetermined: hasElementFamily && element === undefined,
    concrete(param, input) {
      switch (param) {
        case 'any':
          return input;
        case 'anyelement':
        case 'anynonarray':
          return elementResolved;
        case 'anyarray':
          return arrayOf(elementResolved as ScalarType);
        case 'anycompatible':
          return compatibleResolved;
        case 'anycompatiblearray':
          return arrayOf(compatibleResolved as ScalarType);
        default:
          return param;
      }
    },
  };
}
