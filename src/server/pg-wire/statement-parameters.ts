// `$n` parameters of a prepared statement: how many it has, and the statement with Bind's values put in.
import type * as ast from '../../sql/ast.js';
import { elementType, isArrayType, type DataType } from '../../types/data-type.js';
import { formatValue } from '../../types/text-format.js';
import { decodeBinary } from './binary-format.js';
import type { ParameterValue } from './frontend-messages.js';
import { WireError } from './wire-error.js';

/** The highest `$n` in `statement` (0 when it has none). */
export function highestParameter(statement: ast.Statement): number {
  let highest = 0;
  visit(statement, (parameter) => {
    if (parameter.index > highest) highest = parameter.index;
  });
  return highest;
}

/** The first parameter node in source order, if any. */
export function firstParameter(statement: ast.Statement): ast.Parameter | undefined {
  let first: ast.Parameter | undefined;
  visit(statement, (parameter) => {
    if (first === undefined || parameter.span.start < first.span.start) first = parameter;
  });
  return first;
}

/** A Bind parameter: its bytes in the given format, and the type Parse declared for it (if any). */
export interface BoundParameter {
  readonly value: ParameterValue;
  /** 0 text, 1 binary. */
  readonly format: number;
  readonly declaredType: DataType | undefined;
}

/**
 * `statement` with each `$n` replaced by a literal holding parameter n's value, at the parameter's position:
 * an untyped string literal when Parse declared no type (so `id = $1` takes the column's type, as PostgreSQL
 * resolves an untyped parameter), else a cast of it to the declared type. A binary value is decoded with
 * the declared type (text when none was declared, as ParameterDescription reports) and carried as its text form.
 */
export function substituteParameters(statement: ast.Statement, parameters: readonly BoundParameter[]): ast.Statement {
  const literals = parameters.map((parameter, index) => parameterLiteral(parameter, index + 1));
  return replace(statement, (parameter) => {
    const literal = literals[parameter.index - 1];
    if (literal === undefined) throw new WireError('42P02', `there is no parameter $${parameter.index}`);
    return literal(parameter.span);
  }) as ast.Statement;
}

function parameterLiteral(parameter: BoundParameter, number: number): (span: ast.Span) => ast.Expr {
  const { value, format, declaredType } = parameter;
  let text: string | null;
  if (value === null) text = null;
  else if (format === 0) text = value.toString('utf8');
  else text = binaryAsText(declaredType ?? 'varchar', value, number);
  return (span) => {
    const literal: ast.Literal = { kind: 'literal', value: text === null ? { type: 'null' } : { type: 'string', text }, span };
    if (declaredType === undefined) return literal;
    return { kind: 'cast', expr: literal, type: typeName(declaredType, span), span };
  };
}

function binaryAsText(type: DataType, bytes: Buffer, number: number): string {
  try {
    return formatValue(type, decodeBinary(type, bytes))!;
  } catch (err) {
    if (err instanceof WireError) throw new WireError(err.code, `${err.message} in parameter $${number}`);
    throw err;
  }
}

function typeName(type: DataType, span: ast.Span): ast.TypeName {
  return { name: elementType(type), modifiers: [], isArray: isArrayType(type), span };
}

const isParameter = (node: object): node is ast.Parameter =>
  (node as { kind?: unknown }).kind === 'parameter' && typeof (node as { index?: unknown }).index === 'number';

/** Calls `found` for every parameter node of an AST (plain objects and arrays all the way down). */
function visit(node: unknown, found: (parameter: ast.Parameter) => void): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) visit(item, found);
    return;
  }
  if (isParameter(node)) {
    found(node);
    return;
  }
  for (const value of Object.values(node)) visit(value, found);
}

/** A copy of an AST with each parameter node replaced; subtrees without parameters are shared, not copied. */
function replace(node: unknown, by: (parameter: ast.Parameter) => ast.Expr): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    node.forEach((item, index) => {
      const replaced = replace(item, by);
      if (replaced !== item) (copy ??= [...node])[index] = replaced;
    });
    return copy ?? node;
  }
  if (isParameter(node)) return by(node);
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(node)) {
    const replaced = replace(value, by);
    if (replaced !== value) (copy ??= { ...node })[key] = replaced;
  }
  return copy ?? node;
}
