// Test support: evaluates a call through the registry and through PGlite, so tests compare Tally with PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { castFunction } from '../../types/cast.js';
import type { DataType } from '../../types/data-type.js';
import { formatValue, parseValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { resolveFunction, resolveOperator } from '../function-registry.js';
import type { ResolvedFunction } from '../function-registry.js';
import { typeText } from './signature-text.js';

/** One argument: a literal's text (or NULL) and its type; 'unknown' is an untyped literal as in `'abc'`. */
export interface Arg {
  readonly type: DataType;
  readonly text: string | null;
}

/** A call of a function, a binary operator or a prefix operator with literal arguments. */
export interface Call {
  readonly kind: 'function' | 'binary' | 'prefix';
  readonly name: string;
  readonly args: readonly Arg[];
}

const arg = (type: DataType) => (text: string | number | null): Arg => ({ type, text: text === null ? null : String(text) });
export const i2 = arg('int2');
export const i4 = arg('int4');
export const i8 = arg('int8');
export const f4 = arg('float4');
export const f8 = arg('float8');
export const num = arg('numeric');
export const txt = arg('varchar');
export const unk = arg('unknown');
export const bool = arg('boolean');
export const date = arg('date');
export const time = arg('time');
export const ts = arg('timestamp');
export const tstz = arg('timestamptz');
export const iv = arg('interval');
export const bytea = arg('bytea');
export const typed = (type: DataType, text: string | null): Arg => ({ type, text });

export const fn = (name: string, ...args: Arg[]): Call => ({ kind: 'function', name, args });
export const op = (name: string, left: Arg, right: Arg): Call => ({ kind: 'binary', name, args: [left, right] });
export const prefix = (name: string, operand: Arg): Call => ({ kind: 'prefix', name, args: [operand] });

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function argSql(a: Arg): string {
  if (a.type === 'unknown') return a.text === null ? 'NULL' : quote(a.text);
  return `${a.text === null ? 'NULL' : quote(a.text)}::${typeText(a.type)}`;
}

/** The call as PostgreSQL SQL. */
export function callSql(call: Call): string {
  const args = call.args.map(argSql);
  switch (call.kind) {
    case 'function':
      // The parser's position(a IN b) is the call position(a, b).
      if (call.name === 'position') return `position(${args[0]} IN ${args[1]})`;
      // extract(field, x) is the call behind EXTRACT(field FROM x).
      if (call.name === 'extract') return `extract(${call.args[0]!.text} FROM ${args[1]})`;
      return `${call.name}(${args.join(', ')})`;
    case 'binary':
      return call.name === 'at time zone' ? `(${args[0]} AT TIME ZONE ${args[1]})` : `(${args[0]} ${call.name} ${args[1]})`;
    case 'prefix':
      return `(${call.name} ${args[0]})`;
  }
}

/** An outcome: the result text (null for NULL) and its type name, or the error message. */
export type Outcome = { readonly text: string | null; readonly type: string } | { readonly error: string };

/** Casts an argument literal to the type the resolved function wants, as the binder does. */
function argumentValue(a: Arg, target: DataType): Value {
  if (a.text === null) return null;
  if (a.type === 'unknown') return target === 'unknown' ? a.text : parseValue(target, a.text);
  const value = parseValue(a.type, a.text);
  if (a.type === target || target === 'unknown') return value;
  const cast = castFunction(a.type, target);
  if (!cast) throw new Error(`test support: no cast from ${a.type} to ${target}`);
  return cast(value);
}

function invoke(fn: ResolvedFunction, impl: (...args: Value[]) => Value, values: readonly Value[]): Value {
  if (fn.strict && values.includes(null)) return null;
  return fn.variadic ? impl(values as unknown as Value) : impl(...values);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Evaluates the call in Tally, through both the plain and the specialized implementation (all arguments are
 * constants), and checks that they agree.
 */
export function tallyOutcome(call: Call): Outcome {
  try {
    const types = call.args.map((a) => a.type);
    const resolved =
      call.kind === 'function'
        ? resolveFunction(call.name, types)
        : resolveOperator(call.name, call.kind === 'binary' ? types[0] : undefined, types[types.length - 1]!);
    const values = call.args.map((a, argIdx) => argumentValue(a, resolved.argTypes[argIdx] ?? resolved.argTypes[resolved.argTypes.length - 1]!));
    const plain = runToText(resolved, resolved.impl, values);
    if (resolved.specialize) {
      const special = runToText(resolved, resolved.specialize(values), values);
      if (JSON.stringify(special) !== JSON.stringify(plain)) {
        return { error: `specialized ${JSON.stringify(special)} differs from plain ${JSON.stringify(plain)}` };
      }
    }
    return plain;
  } catch (error) {
    return { error: errorText(error) };
  }
}

function runToText(fn: ResolvedFunction, impl: (...args: Value[]) => Value, values: readonly Value[]): Outcome {
  try {
    const result = invoke(fn, impl, values);
    return { text: result === null ? null : formatValue(fn.returnType, result), type: typeText(fn.returnType) };
  } catch (error) {
    return { error: errorText(error) };
  }
}

/** One PGlite per test file; evaluates calls as `select expr::text, pg_typeof(expr)::text`. */
export class FunctionOracle {
  private readonly pg = new PGlite();
  private ready: Promise<void> | undefined;

  private init(): Promise<void> {
    this.ready ??= this.pg.exec("set timezone = 'UTC'; set extra_float_digits = 1; set datestyle = 'ISO, MDY'; set intervalstyle = 'postgres'").then(() => undefined);
    return this.ready;
  }

  async outcome(call: Call): Promise<Outcome> {
    await this.init();
    const sql = callSql(call);
    try {
      const result = await this.pg.query<[string | null, string]>(`select (${sql})::text, pg_typeof(${sql})::text`, [], { rowMode: 'array' });
      const [text, type] = result.rows[0]!;
      // A boolean cast to text reads 'true'; its output function (what Tally prints) writes 't'.
      const output = type === 'boolean' && text !== null ? text.slice(0, 1) : text;
      return { text: output, type: type === 'character varying' ? 'text' : type };
    } catch (error) {
      return { error: errorText(error) };
    }
  }

  async close(): Promise<void> {
    await this.pg.close();
  }
}

/** A readable label of a call for test names. */
export const label = (call: Call): string => callSql(call);
