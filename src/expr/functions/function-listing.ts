// The built-in functions as pg_proc lists them: the catalog functions, the scalar library and the aggregates.
import type { BuiltinFunction, SignatureType } from '../../catalog/system/pg-proc.js';
import { SYSTEM_FUNCTIONS } from '../../catalog/system/system-functions.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { aggregateDefinitions, type AggregateDefinition, type AggregateOptions } from '../aggregate-registry.js';
import type { AggregateSignature } from '../aggregates/aggregate.js';
import { FUNCTIONS } from './function-catalog.js';
import type { FunctionDef, ParamType, PolymorphicType } from './function-def.js';

/**
 * A result computed from the argument types (aggregates build theirs) is found by building the overload with this
 * type in place of every polymorphic parameter and naming what comes back in terms of those parameters. No
 * polymorphic overload has date for a result of its own, so from one of them a date result can only be the probe.
 */
const PROBE: DataType = 'date';
const PROBE_ARRAY: DataType = 'date[]';

const POLYMORPHIC: ReadonlySet<string> = new Set<PolymorphicType>(['any', 'anyelement', 'anyarray', 'anynonarray', 'anycompatible', 'anycompatiblearray']);

const isPolymorphic = (type: string): type is PolymorphicType => POLYMORPHIC.has(type);

const probeOf = (type: ParamType): DataType => (type === 'anyarray' || type === 'anycompatiblearray' ? PROBE_ARRAY : isPolymorphic(type) ? PROBE : type);

/** The probe's result as the pseudo-type of the parameters' family: anycompatible ones resolve together, the rest as anyelement. */
function unprobed(result: DataType, parameters: readonly ParamType[]): SignatureType {
  if (!parameters.some(isPolymorphic)) return result;
  const compatible = parameters.some((p) => p === 'anycompatible' || p === 'anycompatiblearray');
  if (result === PROBE) return compatible ? 'anycompatible' : 'anyelement';
  if (result === PROBE_ARRAY) return compatible ? 'anycompatiblearray' : 'anyarray';
  return result;
}

function scalarFunction(def: FunctionDef): BuiltinFunction {
  const result = typeof def.returns === 'function' ? unprobed(def.returns(def.params.map(probeOf)), def.params) : def.returns;
  return { name: def.name, kind: 'f', parameters: def.params, result, variadic: def.variadic, strict: def.strict, volatility: def.volatile ? 'v' : 'i' };
}

/** Catalog functions read the catalog as of the statement: stable, as PostgreSQL marks its own. */
const catalogFunctions = (): BuiltinFunction[] =>
  SYSTEM_FUNCTIONS.map((fn) => ({ name: fn.name, kind: 'f', parameters: fn.params, result: fn.returns, variadic: false, strict: !fn.lenient, volatility: 's' }));

/**
 * The result type of one aggregate signature, built as a call would build it (an ordered-set aggregate with its
 * WITHIN GROUP key and NULL direct arguments); undefined for a signature that refuses every call (array_agg of
 * arrays), which is then not listed.
 */
function aggregateResult(definition: AggregateDefinition, signature: AggregateSignature): SignatureType | undefined {
  const types = signature.parameters.map(probeOf);
  const keys = definition.orderedSet ? types.slice(-1) : [];
  const options: AggregateOptions = {
    distinct: false,
    orderBy: keys.map((type) => ({ type, descending: false, nullsFirst: false })),
    directArgs: definition.orderedSet ? types.slice(0, -1).map(() => null) : [],
  };
  try {
    return unprobed(signature.build(definition.orderedSet ? keys : types, options).returnType, signature.parameters);
  } catch (err) {
    if (err instanceof SqlError) return undefined;
    throw err;
  }
}

function aggregateFunctions(definition: AggregateDefinition): BuiltinFunction[] {
  return definition.signatures.flatMap((signature): BuiltinFunction[] => {
    const result = aggregateResult(definition, signature);
    if (result === undefined) return [];
    const directArguments = definition.orderedSet ? { directArguments: signature.parameters.length - 1 } : {};
    // Aggregates skip NULL inputs themselves; PostgreSQL marks them not strict.
    return [{ name: definition.name, kind: 'a', parameters: signature.parameters, result, variadic: false, strict: false, volatility: 'i', ...directArguments }];
  });
}

let listing: readonly BuiltinFunction[] | undefined;

/**
 * Every built-in function overload, in a fixed order (pg_proc numbers them by it): what the system catalogs'
 * `functions` hold. Computed once.
 */
export function builtinFunctions(): readonly BuiltinFunction[] {
  listing ??= [
    ...catalogFunctions(),
    ...[...FUNCTIONS.values()].flat().map(scalarFunction),
    ...[...aggregateDefinitions()].flatMap(aggregateFunctions),
  ];
  return listing;
}
