// The SQL front end's public face: parse scripts and statements into the AST, detect dialects, format errors.
export type * from './ast.js';
export { detectDialect } from './dialect.js';
export type { Dialect } from './dialect.js';
export { parseScript, parseStatement } from './parse-script.js';
export type { ParsedStatement, ParseOptions } from './parse-script.js';
export { formatSourceError } from './source-error.js';
export { printExpr, printTypeName, quoteIdentifier } from './print-expr.js';
export { printQuery } from './print-query.js';
export { printStatement } from './print-statement.js';
