// The catalogue entry of one function or operator overload, with PostgreSQL's signature and its implementation.
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';

/** PostgreSQL's polymorphic pseudo-types, resolved from the actual argument types at each call site. */
export type PolymorphicType = 'any' | 'anyelement' | 'anyarray' | 'anynonarray' | 'anycompatible' | 'anycompatiblearray';

/** A declared parameter or result type. */
export type ParamType = DataType | PolymorphicType;

/** An implementation: positional arguments of the resolved types in, the result out. */
export type Impl = (...args: Value[]) => Value;

/** Builds an implementation specialized for the arguments that are constants (undefined when not constant). */
export type Specializer = (constantArgs: readonly (Value | undefined)[]) => Impl;

/** What a definition yields for one set of concrete argument types. */
export interface BuiltImpl {
  readonly impl: Impl;
  readonly specialize?: Specializer;
}

/** Concrete types of one call, handed to a builder. */
export interface CallTypes {
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
}

/**
 * One overload. Monomorphic overloads give `impl` directly; overloads whose code depends on the argument
 * types (polymorphic ones, "any") give `build`, called once per resolution (once per plan).
 */
export interface FunctionDef {
  /** The function name, or the operator symbol. */
  readonly name: string;
  readonly params: readonly ParamType[];
  /** The last parameter repeats (PostgreSQL's VARIADIC); the implementation then receives one array of all arguments. */
  readonly variadic: boolean;
  /** The result type; a polymorphic result takes the resolved element type; a function computes it. */
  readonly returns: ParamType | ((argTypes: readonly DataType[]) => DataType);
  /** PostgreSQL's STRICT: a NULL argument gives NULL without calling the implementation. */
  readonly strict: boolean;
  /** Not immutable: never constant-folded. */
  readonly volatile: boolean;
  readonly impl?: Impl;
  readonly specialize?: Specializer;
  readonly build?: (types: CallTypes) => BuiltImpl;
}

/** Options of `defineFunction`; strict and non-volatile unless told otherwise. */
export interface DefineOptions {
  readonly strict?: boolean;
  readonly volatile?: boolean;
  readonly variadic?: boolean;
  readonly specialize?: Specializer;
}

/** Declares an overload with a fixed implementation. */
export function defineFunction(
  name: string,
  params: readonly ParamType[],
  returns: FunctionDef['returns'],
  impl: Impl,
  options: DefineOptions = {},
): FunctionDef {
  return {
    name,
    params,
    returns,
    impl,
    specialize: options.specialize,
    variadic: options.variadic ?? false,
    strict: options.strict ?? true,
    volatile: options.volatile ?? false,
  };
}

/** Declares an overload whose implementation is built for the concrete argument types of each call. */
export function defineBuilt(
  name: string,
  params: readonly ParamType[],
  returns: FunctionDef['returns'],
  build: (types: CallTypes) => BuiltImpl,
  options: Omit<DefineOptions, 'specialize'> = {},
): FunctionDef {
  return {
    name,
    params,
    returns,
    build,
    variadic: options.variadic ?? false,
    strict: options.strict ?? true,
    volatile: options.volatile ?? false,
  };
}

/**
 * A specializer whose preparation errors (an invalid constant pattern, say) are deferred to the first call, as
 * PostgreSQL raises them when a row is evaluated: a query over no rows does not fail.
 */
export function deferringErrors(specialize: Specializer, impl: Impl): Specializer {
  return (constants) => {
    try {
      return specialize(constants);
    } catch {
      return impl;
    }
  };
}
