// PostgreSQL's choice among a function's overloads (func_get_detail and func_select_candidate in parse_func.c).
import { canCoerce } from '../../types/cast.js';
import { isArrayType, typeDisplayName } from '../../types/data-type.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { AggregateSignature, ParameterType } from './aggregate.js';

/** PostgreSQL's typcategory letters: array, boolean, datetime, numeric, pseudo, string, timespan, user, unknown. */
type TypeCategory = 'A' | 'B' | 'D' | 'N' | 'P' | 'S' | 'T' | 'U' | 'X';

const SCALAR_CATEGORIES: Record<string, TypeCategory> = {
  boolean: 'B',
  int2: 'N',
  int4: 'N',
  int8: 'N',
  float4: 'N',
  float8: 'N',
  numeric: 'N',
  varchar: 'S',
  bytea: 'U',
  jsonb: 'U',
  date: 'D',
  time: 'D',
  timestamp: 'D',
  timestamptz: 'D',
  interval: 'T',
  unknown: 'X',
};

/** typispreferred: the type an unknown or cross-type input leans to within its category. */
const PREFERRED = new Set<ParameterType>(['boolean', 'float8', 'varchar', 'timestamptz', 'interval']);

const isPolymorphic = (type: ParameterType): boolean =>
  type === 'any' || type === 'anyelement' || type === 'anynonarray' || type === 'anyarray';

function categoryOf(type: ParameterType): TypeCategory {
  if (isPolymorphic(type)) return 'P';
  if (isArrayType(type as DataType)) return 'A';
  return SCALAR_CATEGORIES[type] ?? 'U';
}

/** can_coerce_type for one argument in an implicit context. */
function coercible(input: DataType, parameter: ParameterType): boolean {
  if (input === parameter || parameter === 'any' || parameter === 'anyelement') return true;
  if (parameter === 'anynonarray') return input === 'unknown' || !isArrayType(input);
  if (parameter === 'anyarray') return input === 'unknown' || isArrayType(input);
  return input === 'unknown' || canCoerce(input, parameter, 'implicit');
}

const allCoercible = (inputs: readonly DataType[], parameters: readonly ParameterType[]): boolean =>
  inputs.length === parameters.length && inputs.every((input, index) => coercible(input, parameters[index]!));

/** The signature chosen for a call and its argument types with polymorphic parameters made concrete. */
export interface SignatureChoice {
  readonly signature: AggregateSignature;
  readonly argTypes: readonly DataType[];
}

/** `name(integer, unknown)` as PostgreSQL shows a call in its messages. */
export const callDisplay = (name: string, types: readonly DataType[]): string =>
  `${name}(${types.map(typeDisplayName).join(', ')})`;

/**
 * Picks the overload of `name` that PostgreSQL would call for arguments of `inputTypes`, or throws PostgreSQL's
 * error: the function does not exist, is not unique, or its polymorphic type cannot be determined.
 */
export function chooseSignature(
  name: string,
  signatures: readonly AggregateSignature[],
  inputTypes: readonly DataType[],
): SignatureChoice {
  const exact = signatures.find((signature) => sameTypes(signature.parameters, inputTypes));
  const coercible = signatures.filter((candidate) => allCoercible(inputTypes, candidate.parameters));
  const signature = exact ?? selectCandidate(name, coercible, inputTypes);
  return { signature, argTypes: concreteTypes(signature.parameters, inputTypes) };
}

const sameTypes = (parameters: readonly ParameterType[], inputs: readonly DataType[]): boolean =>
  parameters.length === inputs.length && parameters.every((parameter, index) => parameter === inputs[index]);

function selectCandidate(
  name: string,
  candidates: readonly AggregateSignature[],
  inputs: readonly DataType[],
): AggregateSignature {
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    throw new SqlError('undefined_function', `function ${callDisplay(name, inputs)} does not exist`, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const chosen = funcSelectCandidate(candidates, inputs);
  if (chosen !== undefined) return chosen;
  throw new SqlError('ambiguous_function', `function ${callDisplay(name, inputs)} is not unique`, {
    hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
  });
}

/** Keeps the candidates with the highest score, or all of them if every score is zero. */
function keepBest(
  candidates: readonly AggregateSignature[],
  score: (signature: AggregateSignature) => number,
): AggregateSignature[] {
  const scores = candidates.map(score);
  const best = Math.max(...scores);
  return best === 0 ? [...candidates] : candidates.filter((_, index) => scores[index] === best);
}

/** func_select_candidate: exact matches, then preferred types, then the categories of unknown inputs. */
function funcSelectCandidate(
  all: readonly AggregateSignature[],
  inputs: readonly DataType[],
): AggregateSignature | undefined {
  let candidates = keepBest(
    all,
    (candidate) => inputs.filter((input, position) => input !== 'unknown' && candidate.parameters[position] === input).length,
  );
  if (candidates.length === 1) return candidates[0];
  // Preferred types count only within the input's own category (PostgreSQL 7.4+).
  candidates = keepBest(candidates, (candidate) =>
    inputs.filter((input, position) => {
      const parameter = candidate.parameters[position]!;
      if (input === 'unknown') return false;
      return parameter === input || (PREFERRED.has(parameter) && categoryOf(parameter) === categoryOf(input));
    }).length,
  );
  if (candidates.length === 1) return candidates[0];
  if (!inputs.includes('unknown')) return undefined;
  const narrowed = resolveUnknownCategories(candidates, inputs);
  if (narrowed?.length === 1) return narrowed[0];
  if (narrowed !== undefined && narrowed.length > 0) candidates = narrowed;
  return assumeKnownType(candidates, inputs);
}

/**
 * At each unknown position, settles on the string category if any candidate accepts it, else on the category
 * all candidates agree on; drops candidates of other categories and, where a preferred type is on offer,
 * candidates of non-preferred types. Undefined when the categories conflict.
 */
function resolveUnknownCategories(
  candidates: readonly AggregateSignature[],
  inputs: readonly DataType[],
): AggregateSignature[] | undefined {
  let remaining = [...candidates];
  for (let position = 0; position < inputs.length; position++) {
    if (inputs[position] !== 'unknown') continue;
    const categories = candidates.map((candidate) => categoryOf(candidate.parameters[position]!));
    const agreed = categories.every((category) => category === categories[0]) ? categories[0] : undefined;
    const category = categories.includes('S') ? 'S' : agreed;
    if (category === undefined) return undefined;
    const inCategory = (candidate: AggregateSignature): boolean => categoryOf(candidate.parameters[position]!) === category;
    const preferred = (candidate: AggregateSignature): boolean => PREFERRED.has(candidate.parameters[position]!);
    const hasPreferred = candidates.some((candidate) => inCategory(candidate) && preferred(candidate));
    remaining = remaining.filter((candidate) => inCategory(candidate) && (!hasPreferred || preferred(candidate)));
  }
  return remaining;
}

/** Last gasp: when all known inputs share one type, try the unknown inputs as that type too. */
function assumeKnownType(
  candidates: readonly AggregateSignature[],
  inputs: readonly DataType[],
): AggregateSignature | undefined {
  const known = inputs.filter((input) => input !== 'unknown');
  if (known.length === 0 || known.some((type) => type !== known[0])) return undefined;
  const assumed = inputs.map(() => known[0]!);
  const matches = candidates.filter((candidate) => allCoercible(assumed, candidate.parameters));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The argument types the binder casts to: concrete parameters as declared, polymorphic ones as the input. */
function concreteTypes(parameters: readonly ParameterType[], inputs: readonly DataType[]): DataType[] {
  return parameters.map((parameter, index) => {
    const input = inputs[index]!;
    if (!isPolymorphic(parameter)) return parameter as DataType;
    if (input !== 'unknown') return input;
    if (parameter === 'any') return 'varchar';
    throw new SqlError('datatype_mismatch', 'could not determine polymorphic type because input has type unknown');
  });
}
