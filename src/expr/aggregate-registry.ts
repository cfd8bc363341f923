// The aggregate function library's public face: name and argument types in, a ready-to-run aggregate out.
import type { DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { AggregateDefinition, AggregateOptions, ResolvedAggregate } from './aggregates/aggregate.js';
import { arrayAggAggregate } from './aggregates/array-agg.js';
import { avgAggregate } from './aggregates/avg.js';
import { bitAndOrAggregates } from './aggregates/bit-and-or.js';
import { boolAndOrAggregates } from './aggregates/bool-and-or.js';
import { countAggregate } from './aggregates/count.js';
import { firstLastValueAggregates } from './aggregates/first-last-value.js';
import { callDisplay, chooseSignature } from './aggregates/function-resolution.js';
import { minMaxAggregates } from './aggregates/min-max.js';
import { modeAggregate } from './aggregates/mode.js';
import { percentileAggregates } from './aggregates/percentile.js';
import { stddevVarianceAggregates } from './aggregates/stddev-variance.js';
import { stringAggAggregate } from './aggregates/string-agg.js';
import { sumAggregate } from './aggregates/sum.js';

export type {
  AggregateDefinition,
  AggregateOptions,
  AggregateOrderKey,
  AggregateState,
  ResolvedAggregate,
} from './aggregates/aggregate.js';

const DEFINITIONS: ReadonlyMap<string, AggregateDefinition> = new Map(
  [
    countAggregate,
    sumAggregate,
    avgAggregate,
    ...minMaxAggregates,
    ...boolAndOrAggregates,
    ...bitAndOrAggregates,
    stringAggAggregate,
    arrayAggAggregate,
    ...firstLastValueAggregates,
    ...percentileAggregates,
    modeAggregate,
    ...stddevVarianceAggregates,
  ].map((definition) => [definition.name, definition]),
);

/** Every aggregate with its signatures, for the catalogs that list functions (pg_proc). */
export const aggregateDefinitions = (): Iterable<AggregateDefinition> => DEFINITIONS.values();

/** True if `name` (any case) is an aggregate function; the binder asks this to tell aggregates from scalars. */
export function isAggregateFunction(name: string): boolean {
  return DEFINITIONS.has(name.toLowerCase());
}

/**
 * Resolves an aggregate call once, at plan time, as PostgreSQL resolves overloads (implicit casts, preferred
 * types, unknown literals). `argTypes` are the argument types, without the ORDER BY keys, which come in
 * `options.orderBy`; count(*) has no arguments. For ordered-set aggregates (percentile_cont, percentile_disc,
 * mode) `argTypes` are the direct arguments' types (float8 is assumed when omitted) and the input is the
 * WITHIN GROUP key, `options.orderBy[0]`. Throws PostgreSQL's errors: undefined_function
 * ('function sum(text) does not exist', with its hint), ambiguous_function, datatype_mismatch.
 */
export function resolveAggregate(name: string, argTypes: readonly DataType[], options: AggregateOptions): ResolvedAggregate {
  const lowerName = name.toLowerCase();
  const definition = DEFINITIONS.get(lowerName);
  const orderTypes = options.orderBy.map((key) => key.type);
  if (definition === undefined) {
    throw new SqlError('undefined_function', `function ${callDisplay(lowerName, argTypes)} does not exist`, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  if (definition.orderedSet) return resolveOrderedSet(definition, argTypes, orderTypes, options);
  const choice = chooseSignature(lowerName, definition.signatures, argTypes);
  const implementation = choice.signature.build(choice.argTypes, options);
  return {
    name: lowerName,
    argTypes: [...choice.argTypes, ...orderTypes],
    returnType: implementation.returnType,
    createState: implementation.createState,
    ordered: definition.ordered === true,
  };
}

/** Ordered-set aggregates resolve on the direct arguments followed by the WITHIN GROUP key. */
function resolveOrderedSet(
  definition: AggregateDefinition,
  argTypes: readonly DataType[],
  orderTypes: readonly DataType[],
  options: AggregateOptions,
): ResolvedAggregate {
  if (orderTypes.length === 0) {
    throw new SqlError('wrong_object_type', `WITHIN GROUP is required for ordered-set aggregate ${definition.name}`);
  }
  const directTypes: readonly DataType[] =
    argTypes.length === options.directArgs.length ? argTypes : options.directArgs.map(directArgType);
  const choice = chooseSignature(definition.name, definition.signatures, [...directTypes, ...orderTypes]);
  const keyTypes = choice.argTypes.slice(directTypes.length);
  const implementation = choice.signature.build(keyTypes, options);
  return {
    name: definition.name,
    argTypes: keyTypes,
    returnType: implementation.returnType,
    createState: implementation.createState,
    ordered: true,
  };
}

/** The type of a constant direct argument whose type the caller did not pass: fractions are float8. */
const directArgType = (value: unknown): DataType => (Array.isArray(value) ? 'float8[]' : value === null ? 'unknown' : 'float8');
