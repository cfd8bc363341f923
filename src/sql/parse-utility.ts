// Utility statements: DROP, SET / RESET, SHOW, EXPLAIN and RisingWave's FLUSH.
import { SqlError } from '../types/error.js';
import type { Drop, Explain, ObjectKind, ObjectName, SetVariable, Show, Statement } from './ast.js';
import { parseColumnLabel, parseObjectName } from './parse-name.js';
import type { TokenCursor } from './token-cursor.js';

/** The object kinds after DROP and SHOW CREATE, by their first keyword. */
function parseObjectKind(c: TokenCursor): ObjectKind {
  const token = c.next();
  if (token.kind === 'word') {
    switch (token.value) {
      case 'table': return 'table';
      case 'view': return 'view';
      case 'materialized':
        c.expectWord('view');
        return 'materializedView';
      case 'source': return 'source';
      case 'sink': return 'sink';
      case 'index': return 'index';
      case 'user': return 'user';
    }
  }
  return c.fail(token);
}

/** `DROP kind [IF EXISTS] a, b [CASCADE | RESTRICT]`; DROP is consumed. */
export function parseDrop(c: TokenCursor, start: number): Drop {
  const objectKind = parseObjectKind(c);
  const ifExists = c.acceptWords('if', 'exists');
  const names: ObjectName[] = [parseObjectName(c)];
  while (c.acceptPunct(',')) names.push(parseObjectName(c));
  const cascade = c.acceptWord('cascade');
  if (!cascade) c.acceptWord('restrict');
  return { kind: 'drop', objectKind, names, ifExists, cascade, span: c.spanFrom(start) };
}

/**
 * `SET [SESSION | LOCAL] name {TO | =} value [, ...] | DEFAULT`, `SET TIME ZONE value`; SET is consumed.
 * Values are kept as text: strings unquoted, words lower-cased, several values joined with ", ".
 */
export function parseSet(c: TokenCursor, start: number): SetVariable {
  let local = false;
  if ((c.isWord('session') || c.isWord('local')) && !isAssignmentAhead(c, 1)) local = c.next().value === 'local';
  if (c.isWord('transaction') || (c.isWord('session') && c.isWord('characteristics', 1))) c.unsupported('SET TRANSACTION');
  const localField = local ? { local } : {};
  if (c.acceptWords('time', 'zone')) {
    if (c.acceptWord('local') || c.acceptWord('default')) return { kind: 'set', name: 'timezone', ...localField, span: c.spanFrom(start) };
    return { kind: 'set', name: 'timezone', value: parseSetValue(c), ...localField, span: c.spanFrom(start) };
  }
  const alias = c.peek().kind === 'word' && !isAssignmentAhead(c, 1) ? SET_ALIASES.get(c.peek().value) : undefined;
  if (alias !== undefined) {
    c.next();
    return { kind: 'set', name: alias, value: parseSetValue(c), ...localField, span: c.spanFrom(start) };
  }
  const name = parseVariableName(c);
  if (!c.acceptWord('to')) c.expectOperator('=');
  if (c.acceptWord('default')) return { kind: 'set', name, ...localField, span: c.spanFrom(start) };
  const values = [parseSetValue(c)];
  while (c.acceptPunct(',')) values.push(parseSetValue(c));
  return { kind: 'set', name, value: values.join(', '), ...localField, span: c.spanFrom(start) };
}

/** `SET SCHEMA 'x'` and `SET NAMES 'x'` set these variables. */
const SET_ALIASES: ReadonlyMap<string, string> = new Map([['schema', 'search_path'], ['names', 'client_encoding']]);

const isAssignmentAhead = (c: TokenCursor, ahead: number): boolean => c.isWord('to', ahead) || c.isOperator('=', ahead);

/** `RESET name | ALL | TIME ZONE` is SET to the default (no value); RESET is consumed. */
export function parseReset(c: TokenCursor, start: number): SetVariable {
  const name = c.acceptWords('time', 'zone') ? 'timezone' : parseVariableName(c);
  return { kind: 'set', name, span: c.spanFrom(start) };
}

/** A configuration parameter name: a word, possibly dotted (`rw_implicit_flush`, `my.setting`). */
function parseVariableName(c: TokenCursor): string {
  let name = parseColumnLabel(c);
  while (c.acceptPunct('.')) name += `.${parseColumnLabel(c)}`;
  return name;
}

function parseSetValue(c: TokenCursor): string {
  const token = c.next();
  switch (token.kind) {
    case 'string':
    case 'quoted':
    case 'number':
    case 'word':
      return token.value;
    case 'operator':
      if ((token.value === '-' || token.value === '+') && c.peek().kind === 'number') {
        const number = c.next().value;
        return token.value === '-' ? `-${number}` : number;
      }
      return c.fail(token);
    default:
      return c.fail(token);
  }
}

/** Multi-word variables SHOW accepts, and their names. */
const SHOW_PHRASES: readonly (readonly [readonly string[], string])[] = [
  [['time', 'zone'], 'timezone'],
  [['transaction', 'isolation', 'level'], 'transaction_isolation'],
  [['session', 'authorization'], 'session_authorization'],
];

/** `SHOW TABLES | ... | COLUMNS FROM t | CREATE kind name | variable`; SHOW is consumed. */
export function parseShow(c: TokenCursor, start: number): Show {
  const single = (what: Show['what']): Show => {
    c.next();
    return { kind: 'show', what, span: c.spanFrom(start) };
  };
  if (isStatementEndAhead(c, 1)) {
    if (c.isWord('tables')) return single('tables');
    if (c.isWord('views')) return single('views');
    if (c.isWord('sources')) return single('sources');
    if (c.isWord('sinks')) return single('sinks');
  }
  if (c.acceptWords('materialized', 'views')) return { kind: 'show', what: 'materializedViews', span: c.spanFrom(start) };
  if (c.isWord('columns') && (c.isWord('from', 1) || c.isWord('in', 1))) {
    c.next();
    c.next();
    return { kind: 'show', what: 'columns', name: parseObjectName(c), span: c.spanFrom(start) };
  }
  if (c.isWord('create') && !isStatementEndAhead(c, 1)) {
    c.next();
    const objectKind = parseObjectKind(c);
    return { kind: 'show', what: 'create', objectKind, name: parseObjectName(c), span: c.spanFrom(start) };
  }
  for (const [words, variable] of SHOW_PHRASES) {
    if (c.acceptWords(...words)) return { kind: 'show', what: 'variable', variable, span: c.spanFrom(start) };
  }
  const variable = parseVariableName(c);
  return { kind: 'show', what: 'variable', variable, span: c.spanFrom(start) };
}

const isStatementEndAhead = (c: TokenCursor, ahead: number): boolean =>
  c.peek(ahead).kind === 'eof' || c.isPunct(';', ahead);

/**
 * `EXPLAIN [VERBOSE] statement` or `EXPLAIN (VERBOSE [boolean], ...) statement`; EXPLAIN is consumed.
 * `parseStatement` parses the explained statement.
 */
export function parseExplain(c: TokenCursor, start: number, parseStatement: (c: TokenCursor) => Statement): Explain {
  let verbose = false;
  if (c.isWord('analyze') || c.isWord('analyse')) c.unsupported('EXPLAIN ANALYZE');
  if (c.isPunct('(') && !(c.isWord('select', 1) || c.isWord('values', 1) || c.isWord('with', 1) || c.isPunct('(', 1))) {
    c.next();
    do {
      const option = c.peek();
      const name = parseColumnLabel(c);
      const enabled = c.isPunct(',') || c.isPunct(')') ? true : parseExplainBoolean(c);
      if (name === 'verbose') verbose = enabled;
      else if (name === 'analyze' || name === 'analyse') c.unsupported('EXPLAIN ANALYZE', option);
      else if (name !== 'costs' && name !== 'format' && name !== 'summary' && name !== 'timing') {
        throw new SqlError('syntax_error', `unrecognized EXPLAIN option "${name}"`, { position: option.start });
      }
    } while (c.acceptPunct(','));
    c.expectPunct(')');
  } else if (c.acceptWord('verbose')) {
    verbose = true;
  }
  const statement = parseStatement(c);
  return { kind: 'explain', statement, verbose, span: c.spanFrom(start) };
}

function parseExplainBoolean(c: TokenCursor): boolean {
  const token = c.next();
  const text = token.value.toLowerCase();
  if (token.kind === 'word' || token.kind === 'string' || token.kind === 'number') {
    if (['true', 'on', '1', 'yes'].includes(text)) return true;
    if (['false', 'off', '0', 'no'].includes(text)) return false;
    // EXPLAIN (FORMAT TEXT) and the like.
    return true;
  }
  return c.fail(token);
}
