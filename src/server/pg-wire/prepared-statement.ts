// Prepared statements (Parse) and portals (Bind) of the extended query protocol.
import { parseScript, type ParsedStatement } from '../../sql/index.js';
import type * as ast from '../../sql/ast.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { ParameterValue } from './frontend-messages.js';
import type { SessionStatement, StatementOutcome } from './session.js';
import { firstParameter, highestParameter, substituteParameters } from './statement-parameters.js';
import { parameterType, TEXT_OID } from './type-oids.js';
import { WireError } from './wire-error.js';

/** OID 705 is PostgreSQL's `unknown`: like 0, it leaves the parameter's type open. */
const UNKNOWN_OID = 705;

/** Statements whose parameters are values in an expression; others (DDL, SET, ...) take none, as in PostgreSQL. */
const TAKES_PARAMETERS: ReadonlySet<ast.Statement['kind']> = new Set(['query', 'insert', 'update', 'delete', 'explain']);

/** A parsed statement with its parameters' types, kept under a name (or unnamed) until closed. */
export interface PreparedStatement {
  readonly sql: string;
  /** Undefined for an empty query string, which executes as EmptyQueryResponse. */
  readonly parsed: ParsedStatement | undefined;
  /** As Parse declared them: 0 (or 705) for a parameter left untyped. One per parameter. */
  readonly parameterOids: readonly number[];
  /** Tally's type for each declared parameter; undefined for an untyped one. */
  readonly parameterTypes: readonly (DataType | undefined)[];
}

/** Parse: one statement (or none) with at least as many parameters as its highest `$n`. */
export function prepareStatement(sql: string, declaredOids: readonly number[]): PreparedStatement {
  const statements = parseScript(sql);
  if (statements.length > 1) {
    throw new SqlError('syntax_error', 'cannot insert multiple commands into a prepared statement', { position: statements[1]!.start });
  }
  const parsed = statements[0];
  const count = Math.max(declaredOids.length, parsed ? highestParameter(parsed.statement) : 0);
  const parameterOids: number[] = [];
  const parameterTypes: (DataType | undefined)[] = [];
  for (let index = 0; index < count; index++) {
    const oid = declaredOids[index] ?? 0;
    const open = oid === 0 || oid === UNKNOWN_OID;
    const type = open ? undefined : parameterType(oid);
    if (!open && type === undefined) throw new WireError('0A000', `parameter $${index + 1} has type OID ${oid}, which is not supported`);
    parameterOids.push(open ? 0 : oid);
    parameterTypes.push(type);
  }
  const first = parsed && count > 0 ? firstParameter(parsed.statement) : undefined;
  if (parsed && first && !TAKES_PARAMETERS.has(parsed.statement.kind)) {
    throw new SqlError('feature_not_supported', 'bound parameters are not allowed in this statement', { position: first.span.start });
  }
  return { sql, parsed, parameterOids, parameterTypes };
}

/**
 * The statement with NULL (of the declared type, if any) for each parameter: what Parse checks and Describe
 * describes before the values are known. NULL binds as an untyped value does and keeps LIMIT $1 a constant.
 */
export function statementWithoutValues(prepared: PreparedStatement): ast.Statement | undefined {
  const parsed = prepared.parsed;
  if (!parsed || prepared.parameterTypes.length === 0) return parsed?.statement;
  return substituteParameters(parsed.statement, prepared.parameterTypes.map((declaredType) => ({ value: null, format: 0, declaredType })));
}

/** ParameterDescription's OIDs: the declared ones, text (25) for untyped parameters, as their values are read. */
export const describedParameterOids = (prepared: PreparedStatement): number[] =>
  prepared.parameterOids.map((oid) => (oid === 0 ? TEXT_OID : oid));

/** A bound statement ready to run, and how far it has been read. */
export interface Portal {
  readonly prepared: PreparedStatement;
  /** Undefined for the empty statement. */
  readonly statement: SessionStatement | undefined;
  /** Bind's result format codes, applied when the columns are known. */
  readonly formatCodes: readonly number[];
  /** Set when the statement has run (at Execute, or at Describe for a query). */
  outcome?: StatementOutcome;
  /** Rows already sent by earlier Executes with a row limit. */
  sent: number;
  /** Whether the outcome's notices went out (with the first Execute). */
  noticesWritten?: boolean;
}

/** Bind: checks the parameter count and puts the values in the statement. */
export function bindPortal(prepared: PreparedStatement, name: string, values: readonly ParameterValue[], formats: readonly number[], formatCodes: readonly number[]): Portal {
  const expected = prepared.parameterTypes.length;
  if (values.length !== expected) {
    throw new WireError('08P01', `bind message supplies ${values.length} parameters, but prepared statement "${name}" requires ${expected}`);
  }
  const parsed = prepared.parsed;
  if (!parsed) return { prepared, statement: undefined, formatCodes, sent: 0 };
  if (expected === 0) return { prepared, statement: { ...parsed, substituted: false }, formatCodes, sent: 0 };
  const parameters = values.map((value, index) => ({ value, format: formats[index] ?? 0, declaredType: prepared.parameterTypes[index] }));
  const statement = substituteParameters(parsed.statement, parameters);
  return { prepared, statement: { statement, text: parsed.text, start: parsed.start, substituted: true }, formatCodes, sent: 0 };
}
