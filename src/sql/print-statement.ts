// Prints statements back to SQL that parses to the same tree (used by tests, EXPLAIN and error reports).
import type { ColumnDef, FormatSpec, Grant, GrantObjectKind, ObjectKind, RoleOption, Statement, Transaction, WatermarkDef, WithOption } from './ast.js';
import { printExpr, printObjectName, printTypeName, quoteIdentifier, quoteString } from './print-expr.js';
import { printQuery, printSelectItems } from './print-query.js';

const OBJECT_KIND_WORDS: Readonly<Record<ObjectKind, string>> = {
  table: 'TABLE',
  view: 'VIEW',
  materializedView: 'MATERIALIZED VIEW',
  source: 'SOURCE',
  sink: 'SINK',
  index: 'INDEX',
  user: 'USER',
};

const TRANSACTION_WORDS: Readonly<Record<Transaction['action'], string>> = {
  begin: 'BEGIN',
  start: 'START TRANSACTION',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
};

/** Prints one statement (without a trailing semicolon) in the PostgreSQL dialect. */
export function printStatement(statement: Statement): string {
  switch (statement.kind) {
    case 'query': return printQuery(statement.query);
    case 'createTable': {
      const head = `CREATE TABLE ${ifNotExists(statement.ifNotExists)}${printObjectName(statement.name)}`;
      const elements = printElements(statement.columns, statement.primaryKey, statement.primaryKeyEnforced, statement.watermarks);
      const body = statement.asQuery === undefined ? '' : ` AS ${printQuery(statement.asQuery)}`;
      return `${head}${elements}${statement.appendOnly ? ' APPEND ONLY' : ''}${printWith(statement.with)}${printFormat(statement.format)}${body}`;
    }
    case 'createSource': {
      const head = `CREATE SOURCE ${ifNotExists(statement.ifNotExists)}${printObjectName(statement.name)}`;
      const elements = printElements(statement.columns, statement.primaryKey, true, statement.watermarks);
      return `${head}${elements}${printWith(statement.with)}${printFormat(statement.format)}`;
    }
    case 'createView': {
      const kind = `${statement.orReplace ? 'OR REPLACE ' : ''}${statement.materialized ? 'MATERIALIZED ' : ''}VIEW`;
      const columns = statement.columns === undefined ? '' : ` (${statement.columns.map(quoteIdentifier).join(', ')})`;
      const head = `CREATE ${kind} ${ifNotExists(statement.ifNotExists)}${printObjectName(statement.name)}${columns}`;
      return `${head}${printWith(statement.with)} AS ${printQuery(statement.query)}`;
    }
    case 'createSink': {
      const head = `CREATE SINK ${ifNotExists(statement.ifNotExists)}${printObjectName(statement.name)}`;
      let source = '';
      if (statement.from !== undefined) source = ` FROM ${printObjectName(statement.from)}`;
      else if (statement.query !== undefined) source = ` AS ${printQuery(statement.query)}`;
      return `${head}${source}${printWith(statement.with)}${printFormat(statement.format)}`;
    }
    case 'insert': {
      const columns = statement.columns === undefined ? '' : ` (${statement.columns.map(quoteIdentifier).join(', ')})`;
      return `INSERT INTO ${printObjectName(statement.table)}${columns} ${printQuery(statement.source)}${returning(statement.returning)}`;
    }
    case 'update': {
      const assignments = statement.assignments.map((a) => `${quoteIdentifier(a.column)} = ${printExpr(a.value)}`).join(', ');
      const where = statement.where === undefined ? '' : ` WHERE ${printExpr(statement.where)}`;
      return `UPDATE ${printObjectName(statement.table)}${alias(statement.alias)} SET ${assignments}${where}${returning(statement.returning)}`;
    }
    case 'delete': {
      const where = statement.where === undefined ? '' : ` WHERE ${printExpr(statement.where)}`;
      return `DELETE FROM ${printObjectName(statement.table)}${alias(statement.alias)}${where}${returning(statement.returning)}`;
    }
    case 'drop': {
      const names = statement.names.map(printObjectName).join(', ');
      return `DROP ${OBJECT_KIND_WORDS[statement.objectKind]} ${statement.ifExists ? 'IF EXISTS ' : ''}${names}${statement.cascade ? ' CASCADE' : ''}`;
    }
    case 'flush': return 'FLUSH';
    case 'set': {
      const local = statement.local ? 'LOCAL ' : '';
      const value = statement.value === undefined ? 'DEFAULT' : quoteString(statement.value);
      return `SET ${local}${quoteIdentifier(statement.name)} TO ${value}`;
    }
    case 'show': return printShow(statement);
    case 'explain': return `EXPLAIN ${statement.verbose ? 'VERBOSE ' : ''}${printStatement(statement.statement)}`;
    case 'transaction': return `${TRANSACTION_WORDS[statement.action]}${statement.chain ? ' AND CHAIN' : ''}`;
    case 'createUser': return `CREATE USER ${quoteIdentifier(statement.name)}${printRoleOptions(statement.options)}`;
    case 'alterUser': return `ALTER USER ${quoteIdentifier(statement.name)}${printRoleOptions(statement.options)}`;
    case 'grant': return printGrant(statement);
  }
}

/** ` WITH option ...`; an empty scope is RESET SCOPE (only ALTER USER makes one). */
function printRoleOptions(options: readonly RoleOption[]): string {
  if (options.length === 1 && options[0]!.kind === 'scope' && options[0]!.conditions.length === 0) return ' RESET SCOPE';
  return options.length === 0 ? '' : ` WITH ${options.map(printRoleOption).join(' ')}`;
}

function printRoleOption(option: RoleOption): string {
  switch (option.kind) {
    case 'superuser': return option.value ? 'SUPERUSER' : 'NOSUPERUSER';
    case 'password': return `PASSWORD ${option.value === null ? 'NULL' : quoteString(option.value)}`;
    case 'token': return `TOKEN ${option.value === null ? 'NULL' : quoteString(option.value)}`;
    case 'scope': {
      const conditions = option.conditions.map((c) =>
        c.values.length === 1 ? `${quoteIdentifier(c.column)} = ${quoteString(c.values[0]!)}` : `${quoteIdentifier(c.column)} IN (${c.values.map(quoteString).join(', ')})`,
      );
      return `SCOPE (${conditions.join(', ')})`;
    }
  }
}

const GRANT_KIND_WORDS: Readonly<Record<GrantObjectKind, readonly [one: string, all: string]>> = {
  table: ['TABLE', 'TABLES'],
  view: ['VIEW', 'VIEWS'],
  materializedView: ['MATERIALIZED VIEW', 'MATERIALIZED VIEWS'],
  source: ['SOURCE', 'SOURCES'],
};

function printGrant(statement: Grant): string {
  const target = statement.target;
  const on =
    target.kind === 'all'
      ? `ALL ${GRANT_KIND_WORDS[target.objectKind][1]} IN SCHEMA ${target.schemas.map(quoteIdentifier).join(', ')}`
      : `${target.objectKind === undefined ? '' : `${GRANT_KIND_WORDS[target.objectKind][0]} `}${target.names.map(printObjectName).join(', ')}`;
  const grantees = statement.grantees.map(quoteIdentifier).join(', ');
  return statement.revoke ? `REVOKE SELECT ON ${on} FROM ${grantees}` : `GRANT SELECT ON ${on} TO ${grantees}`;
}

const ifNotExists = (flag: boolean): string => (flag ? 'IF NOT EXISTS ' : '');
const alias = (name: string | undefined): string => (name === undefined ? '' : ` AS ${quoteIdentifier(name)}`);
const returning = (items: Parameters<typeof printSelectItems>[0] | undefined): string =>
  items === undefined ? '' : ` RETURNING ${printSelectItems(items)}`;

function printShow(statement: Extract<Statement, { kind: 'show' }>): string {
  const name = statement.name === undefined ? '' : printObjectName(statement.name);
  switch (statement.what) {
    case 'tables': return 'SHOW TABLES';
    case 'materializedViews': return 'SHOW MATERIALIZED VIEWS';
    case 'views': return 'SHOW VIEWS';
    case 'sources': return 'SHOW SOURCES';
    case 'sinks': return 'SHOW SINKS';
    case 'columns': return `SHOW COLUMNS FROM ${name}`;
    case 'create': return `SHOW CREATE ${OBJECT_KIND_WORDS[statement.objectKind ?? 'table']} ${name}`;
    case 'variable': return `SHOW ${quoteIdentifier(statement.variable ?? '')}`;
  }
}

function printElements(
  columns: readonly ColumnDef[],
  primaryKey: readonly string[],
  primaryKeyEnforced: boolean,
  watermarks: readonly WatermarkDef[],
): string {
  const elements = columns.map(printColumn);
  if (primaryKey.length > 0) {
    elements.push(`PRIMARY KEY (${primaryKey.map(quoteIdentifier).join(', ')})${primaryKeyEnforced ? '' : ' NOT ENFORCED'}`);
  }
  for (const watermark of watermarks) elements.push(`WATERMARK FOR ${quoteIdentifier(watermark.column)} AS ${printExpr(watermark.expr)}`);
  return elements.length === 0 ? '' : ` (${elements.join(', ')})`;
}

function printColumn(column: ColumnDef): string {
  let text = `${quoteIdentifier(column.name)} ${printTypeName(column.type)}`;
  if (column.notNull) text += ' NOT NULL';
  if (column.primaryKey) text += ' PRIMARY KEY';
  if (column.defaultValue !== undefined) text += ` DEFAULT ${printExpr(column.defaultValue)}`;
  if (column.generated !== undefined) text += ` AS ${printExpr(column.generated)}`;
  return text;
}

function printOptions(options: readonly WithOption[]): string {
  return `(${options.map((option) => `"${option.key.replaceAll('"', '""')}" = ${quoteString(option.value)}`).join(', ')})`;
}

const printWith = (options: readonly WithOption[]): string => (options.length === 0 ? '' : ` WITH ${printOptions(options)}`);

function printFormat(format: FormatSpec | undefined): string {
  if (format === undefined) return '';
  const options = format.options.length === 0 ? '' : ` ${printOptions(format.options)}`;
  return ` FORMAT ${quoteIdentifier(format.format)} ENCODE ${quoteIdentifier(format.encode)}${options}`;
}
