// PostgreSQL's overload resolution (parse_func.c/parse_oper.c): exact match, implicit coercion, then the
// func_select_candidate heuristics, so that the chosen overload and its result type are PostgreSQL's.
import { canCoerce } from '../../types/cast.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { FunctionDef, ParamType } from './function-def.js';
import { resolvePolymorphic } from './polymorphic.js';
import type { PolymorphicBinding } from './polymorphic.js';
import { isPreferredType, typeCategory } from './type-category.js';
import type { TypeCategory } from './type-category.js';

/** The chosen overload with the concrete types of this call. */
export interface Resolution {
  readonly def: FunctionDef;
  /** The types the arguments are cast to before the call. */
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
}

/** A result of resolution: a unique overload, none that accepts the arguments, or several equally good ones. */
export type ResolveOutcome = Resolution | 'none' | 'ambiguous';

/** An overload with its parameter list expanded to the number of arguments (VARIADIC repeats the last). */
interface Candidate {
  readonly def: FunctionDef;
  readonly params: readonly ParamType[];
}

const isPolymorphic = (type: ParamType): boolean => typeCategory(type) === 'P';

/**
 * Picks the overload of `defs` (all of one name) for arguments of types `inputs`. `binaryOperator` enables
 * PostgreSQL's binary_oper_exact rule (an untyped literal facing a typed operand is first tried as that type).
 */
export function resolveOverload(defs: readonly FunctionDef[], inputs: readonly DataType[], binaryOperator = false): ResolveOutcome {
  const candidates = expandCandidates(defs, inputs.length);
  if (candidates.length === 0) return 'none';
  const exact = findExact(candidates, exactProbe(inputs, binaryOperator));
  if (exact) return bindCandidate(exact, inputs) ?? 'none';

  const viable: { candidate: Candidate; binding: PolymorphicBinding }[] = [];
  for (const candidate of candidates) {
    const binding = coercible(inputs, candidate.params);
    if (binding) viable.push({ candidate, binding });
  }
  if (viable.length === 0) return 'none';
  if (viable.length === 1) return finish(viable[0]!.candidate, inputs, viable[0]!.binding);
  const best = selectCandidate(inputs, viable.map((v) => v.candidate));
  if (!best) return 'ambiguous';
  return finish(best, inputs, viable.find((v) => v.candidate === best)!.binding);
}

function expandCandidates(defs: readonly FunctionDef[], nargs: number): Candidate[] {
  const out: Candidate[] = [];
  for (const def of defs) {
    const declared = def.params.length;
    if (!def.variadic) {
      if (declared === nargs) out.push({ def, params: def.params });
      continue;
    }
    if (nargs < declared) continue;
    const params = def.params.slice();
    const repeated = def.params[declared - 1]!;
    while (params.length < nargs) params.push(repeated);
    out.push({ def, params });
  }
  return out;
}

/** The types an exact match is sought for: binary_oper_exact lets one untyped side take the other's type. */
function exactProbe(inputs: readonly DataType[], binaryOperator: boolean): readonly DataType[] {
  if (!binaryOperator || inputs.length !== 2) return inputs;
  const [left, right] = inputs as [DataType, DataType];
  if (left === 'unknown' && right !== 'unknown') return [right, right];
  if (right === 'unknown' && left !== 'unknown') return [left, left];
  return inputs;
}

function findExact(candidates: readonly Candidate[], probe: readonly DataType[]): Candidate | undefined {
  return candidates.find((c) => c.params.every((p, i) => p === probe[i]));
}

/** PostgreSQL's can_coerce_type in the implicit context, with the polymorphic consistency check. */
function coercible(inputs: readonly DataType[], params: readonly ParamType[]): PolymorphicBinding | undefined {
  for (let argIdx = 0; argIdx < inputs.length; argIdx++) {
    const input = inputs[argIdx]!;
    const param = params[argIdx]!;
    if (input === param || input === 'unknown' || isPolymorphic(param)) continue;
    if (!canCoerce(input, param as DataType, 'implicit')) return undefined;
  }
  return resolvePolymorphic(inputs, params);
}

function bindCandidate(candidate: Candidate, inputs: readonly DataType[]): Resolution | undefined {
  const binding = resolvePolymorphic(inputs, candidate.params);
  return binding ? finish(candidate, inputs, binding) : undefined;
}

function finish(candidate: Candidate, inputs: readonly DataType[], binding: PolymorphicBinding): Resolution {
  if (binding.undetermined) {
    throw new SqlError('datatype_mismatch', 'could not determine polymorphic type because input has type unknown');
  }
  const argTypes = candidate.params.map((param, argIdx) => binding.concrete(param, inputs[argIdx]!));
  const returns = candidate.def.returns;
  const returnType = typeof returns === 'function' ? returns(argTypes) : binding.concrete(returns, 'unknown');
  return { def: candidate.def, argTypes, returnType };
}

/** func_select_candidate: narrows several coercible candidates by PostgreSQL's heuristics; undefined if still ambiguous. */
function selectCandidate(inputs: readonly DataType[], candidates: readonly Candidate[]): Candidate | undefined {
  const known = (argIdx: number): boolean => inputs[argIdx] !== 'unknown';
  const nargs = inputs.length;

  // Most exact matches on the typed arguments.
  let pool = keepBest(candidates, (c) => countWhere(nargs, (i) => known(i) && c.params[i] === inputs[i]));
  if (pool.length === 1) return pool[0];

  // Most exact-or-preferred types (in the argument's own category) where coercion is needed.
  const inputCategory = inputs.map(typeCategory);
  pool = keepBest(pool, (c) =>
    countWhere(nargs, (i) => known(i) && (c.params[i] === inputs[i] || isPreferredType(inputCategory[i]!, c.params[i]!))),
  );
  if (pool.length === 1) return pool[0];

  const unknownCount = countWhere(nargs, (i) => !known(i));
  if (unknownCount === 0) return undefined;

  pool = narrowUnknowns(inputs, pool);
  if (pool.length === 1) return pool[0];

  return lastGasp(inputs, pool, unknownCount);
}

/** For each untyped argument, prefer the category the candidates agree on (string wins), and its preferred type. */
function narrowUnknowns(inputs: readonly DataType[], pool: readonly Candidate[]): readonly Candidate[] {
  const slotCategory: (TypeCategory | undefined)[] = [];
  const slotPreferred: boolean[] = [];
  for (let argIdx = 0; argIdx < inputs.length; argIdx++) {
    if (inputs[argIdx] !== 'unknown') continue;
    let category: TypeCategory | undefined;
    let preferred = false;
    let conflict = false;
    for (const candidate of pool) {
      const type = candidate.params[argIdx]!;
      const current = typeCategory(type);
      const currentPreferred = isPreferredType(current, type);
      if (category === undefined) {
        category = current;
        preferred = currentPreferred;
      } else if (current === category) {
        preferred ||= currentPreferred;
      } else if (current === 'S') {
        category = current;
        preferred = currentPreferred;
      } else {
        conflict = true;
      }
    }
    if (conflict && category !== 'S') return pool;
    slotCategory[argIdx] = category;
    slotPreferred[argIdx] = preferred;
  }
  const kept = pool.filter((candidate) =>
    inputs.every((input, argIdx) => {
      if (input !== 'unknown') return true;
      const type = candidate.params[argIdx]!;
      const category = typeCategory(type);
      if (category !== slotCategory[argIdx]) return false;
      return !slotPreferred[argIdx] || isPreferredType(category, type);
    }),
  );
  return kept.length > 0 ? kept : pool;
}

/** If all typed arguments share one type, try that type for the untyped ones too; accept a unique match. */
function lastGasp(inputs: readonly DataType[], pool: readonly Candidate[], unknownCount: number): Candidate | undefined {
  if (unknownCount >= inputs.length) return undefined;
  const knownType = inputs.find((t) => t !== 'unknown')!;
  if (inputs.some((t) => t !== 'unknown' && t !== knownType)) return undefined;
  const assumed = inputs.map(() => knownType);
  const matches = pool.filter((c) => coercible(assumed, c.params) !== undefined);
  return matches.length === 1 ? matches[0] : undefined;
}

function keepBest(pool: readonly Candidate[], score: (c: Candidate) => number): readonly Candidate[] {
  let best = -1;
  let kept: Candidate[] = [];
  for (const candidate of pool) {
    const s = score(candidate);
    if (s > best) {
      best = s;
      kept = [candidate];
    } else if (s === best) {
      kept.push(candidate);
    }
  }
  return kept;
}

function countWhere(n: number, predicate: (i: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (predicate(i)) count++;
  return count;
}
