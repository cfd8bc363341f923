// Functions that render values as text: concat, concat_ws, format, quote_ident/quote_literal, and the || operators.
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { formatValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { defineBuilt, defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { SQL_KEYWORDS } from './sql-keywords.js';

/** The text output function of a type (untyped literals are already text). */
export function textOutput(type: DataType): (v: Value) => string {
  if (type === 'varchar' || type === 'unknown') return (v) => v as string;
  return (v) => formatValue(type, v)!;
}

/** quote_ident: double-quotes an identifier unless it is a plain lower-case name and not a reserved keyword. */
export function quoteIdent(s: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(s) && !SQL_KEYWORDS.has(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

/** quote_literal: single quotes doubled; with backslashes, an E'' literal with them doubled too. */
export function quoteLiteral(s: string): string {
  const body = s.replaceAll("'", "''");
  return s.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

const formatError = (message: string, hint?: string): SqlError => new SqlError('invalid_parameter_value', message, hint ? { hint } : {});

/** format(fmt, args...): %s, %I, %L and %%, with optional argument position (%2$s) and width (%-10s, %*s). */
function formatText(fmt: string, args: readonly Value[], outputs: readonly ((v: Value) => string)[]): string {
  let out = '';
  let nextArg = 0;
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    i++;
    if (i >= fmt.length) throw formatError('unterminated format() type specifier', 'For a single "%" use "%%".');
    if (fmt[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    // [position$][flags][width][type]
    let position: number | undefined;
    const positionMatch = /^(\d+)\$/.exec(fmt.slice(i));
    if (positionMatch) {
      position = Number(positionMatch[1]);
      if (position === 0) throw formatError('format specifies argument 0, but arguments are numbered from 1');
      i += positionMatch[0].length;
    }
    let leftAlign = false;
    while (fmt[i] === '-') {
      leftAlign = true;
      i++;
    }
    let width = 0;
    if (fmt[i] === '*') {
      i++;
      const widthArg = args[nextArg++];
      if (nextArg > args.length) throw formatError('too few arguments for format()');
      width = widthArg === null || widthArg === undefined ? 0 : Number(widthArg);
      if (width < 0) {
        leftAlign = true;
        width = -width;
      }
    } else {
      const widthMatch = /^\d+/.exec(fmt.slice(i));
      if (widthMatch) {
        width = Number(widthMatch[0]);
        i += widthMatch[0].length;
      }
    }
    if (i >= fmt.length) throw formatError('unterminated format() type specifier', 'For a single "%" use "%%".');
    const type = fmt[i]!;
    i++;
    const argIndex = position !== undefined ? position - 1 : nextArg;
    nextArg = argIndex + 1;
    if (argIndex >= args.length) throw formatError('too few arguments for format()');
    const value = args[argIndex]!;
    let text: string;
    switch (type) {
      case 's':
        text = value === null ? '' : outputs[argIndex]!(value);
        break;
      case 'I':
        if (value === null) throw formatError('null values cannot be formatted as an SQL identifier');
        text = quoteIdent(outputs[argIndex]!(value));
        break;
      case 'L':
        text = value === null ? 'NULL' : quoteLiteral(outputs[argIndex]!(value));
        break;
      default:
        throw formatError(`unrecognized format() type specifier "${type}"`, 'For a single "%" use "%%".');
    }
    const length = [...text].length;
    if (length < width) text = leftAlign ? text + ' '.repeat(width - length) : ' '.repeat(width - length) + text;
    out += text;
  }
  return out;
}

export const stringFormatFunctions: readonly FunctionDef[] = [
  defineBuilt(
    'concat',
    ['any'],
    'varchar',
    ({ argTypes }) => {
      const outputs = argTypes.map(textOutput);
      return {
        impl: (values) => {
          let out = '';
          const list = values as readonly Value[];
          for (let i = 0; i < list.length; i++) if (list[i] !== null) out += outputs[i]!(list[i]!);
          return out;
        },
      };
    },
    { variadic: true, strict: false },
  ),
  defineBuilt(
    'concat_ws',
    ['varchar', 'any'],
    'varchar',
    ({ argTypes }) => {
      const outputs = argTypes.map(textOutput);
      return {
        impl: (values) => {
          const list = values as readonly Value[];
          const separator = list[0]!;
          if (separator === null) return null;
          const parts: string[] = [];
          for (let i = 1; i < list.length; i++) if (list[i] !== null) parts.push(outputs[i]!(list[i]!));
          return parts.join(separator as string);
        },
      };
    },
    { variadic: true, strict: false },
  ),
  defineFunction('format', ['varchar'], 'varchar', (fmt) => formatText(fmt as string, [], []), { strict: false }),
  defineBuilt(
    'format',
    ['varchar', 'any'],
    'varchar',
    ({ argTypes }) => {
      const outputs = argTypes.slice(1).map(textOutput);
      return {
        impl: (values) => {
          const list = values as readonly Value[];
          return list[0] === null ? null : formatText(list[0] as string, list.slice(1), outputs);
        },
      };
    },
    { variadic: true, strict: false },
  ),
  defineFunction('quote_ident', ['varchar'], 'varchar', (s) => quoteIdent(s as string)),
  defineFunction('quote_literal', ['varchar'], 'varchar', (s) => quoteLiteral(s as string)),
  defineBuilt('quote_literal', ['anyelement'], 'varchar', ({ argTypes }) => {
    const output = textOutput(argTypes[0]!);
    return { impl: (v) => quoteLiteral(output(v)) };
  }),
  defineFunction('quote_nullable', ['varchar'], 'varchar', (s) => (s === null ? 'NULL' : quoteLiteral(s as string)), { strict: false }),
  defineBuilt(
    'quote_nullable',
    ['anyelement'],
    'varchar',
    ({ argTypes }) => {
      const output = textOutput(argTypes[0]!);
      return { impl: (v) => (v === null ? 'NULL' : quoteLiteral(output(v))) };
    },
    { strict: false },
  ),
];

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** `||` on strings and bytea; array concatenation lives with the array functions. */
export const concatOperators: readonly FunctionDef[] = [
  defineFunction('||', ['varchar', 'varchar'], 'varchar', (a, b) => (a as string) + (b as string)),
  defineBuilt('||', ['varchar', 'anynonarray'], 'varchar', ({ argTypes }) => {
    const output = textOutput(argTypes[1]!);
    return { impl: (a, b) => (a as string) + output(b) };
  }),
  defineBuilt('||', ['anynonarray', 'varchar'], 'varchar', ({ argTypes }) => {
    const output = textOutput(argTypes[0]!);
    return { impl: (a, b) => output(a) + (b as string) };
  }),
  defineFunction('||', ['bytea', 'bytea'], 'bytea', (a, b) => concatBytes(a as Uint8Array, b as Uint8Array)),
];
