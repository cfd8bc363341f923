// Prints queries back to SQL: set operations with parenthesized operands, FROM items, GROUP BY forms.
import type { GroupByItem, Query, Select, SelectItem, SetExpr, TableAlias, TableRef } from './ast.js';
import { printExpr, printExprs, printObjectName, printOrderBy, printWindowSpec, quoteIdentifier, quoteName } from './print-expr.js';

/** Prints a query so that it parses back to the same tree. */
export function printQuery(query: Query): string {
  const parts: string[] = [];
  if (query.with.length > 0) {
    const ctes = query.with.map((cte) => {
      const columns = cte.columns === undefined ? '' : `(${cte.columns.map(quoteIdentifier).join(', ')})`;
      return `${quoteIdentifier(cte.name)}${columns} AS (${printQuery(cte.query)})`;
    });
    parts.push(`WITH ${ctes.join(', ')}`);
  }
  parts.push(printSetExpr(query.body));
  if (query.orderBy.length > 0) parts.push(`ORDER BY ${printOrderBy(query.orderBy)}`);
  if (query.limit !== undefined) parts.push(`LIMIT ${printExpr(query.limit)}`);
  if (query.offset !== undefined) parts.push(`OFFSET ${printExpr(query.offset)}`);
  if (query.emitOnWindowClose) parts.push('EMIT ON WINDOW CLOSE');
  return parts.join(' ');
}

function printSetExpr(body: SetExpr): string {
  switch (body.kind) {
    case 'select': return printSelect(body);
    case 'values': return `VALUES ${body.rows.map((row) => `(${printExprs(row)})`).join(', ')}`;
    case 'query': return printQuery(body);
    case 'setOperation': {
      let op = `${body.op.toUpperCase()}${body.all ? ' ALL' : ''}`;
      if (body.corresponding === true) op += ' CORRESPONDING';
      else if (body.corresponding !== undefined) op += ` CORRESPONDING BY (${body.corresponding.map(quoteIdentifier).join(', ')})`;
      return `(${printSetExpr(body.left)}) ${op} (${printSetExpr(body.right)})`;
    }
  }
}

function printSelect(select: Select): string {
  let text = 'SELECT';
  if (select.distinct === true) text += ' DISTINCT';
  else if (select.distinct !== false) text += ` DISTINCT ON (${printExprs(select.distinct)})`;
  if (select.items.length > 0) text += ` ${printSelectItems(select.items)}`;
  if (select.from.length > 0) text += ` FROM ${select.from.map(printTableRef).join(', ')}`;
  if (select.where !== undefined) text += ` WHERE ${printExpr(select.where)}`;
  if (select.groupBy.length > 0) text += ` GROUP BY ${select.groupBy.map(printGroupByItem).join(', ')}`;
  if (select.having !== undefined) text += ` HAVING ${printExpr(select.having)}`;
  if (select.windows.length > 0) {
    text += ` WINDOW ${select.windows.map((window) => `${quoteIdentifier(window.name)} AS ${printWindowSpec(window.spec)}`).join(', ')}`;
  }
  return text;
}

export function printSelectItems(items: readonly SelectItem[]): string {
  return items
    .map((item) => {
      if (item.kind === 'wildcard') return item.qualifier === undefined ? '*' : `${quoteName(item.qualifier)}.*`;
      return item.alias === undefined ? printExpr(item.expr) : `${printExpr(item.expr)} AS ${quoteIdentifier(item.alias)}`;
    })
    .join(', ');
}

function printAlias(alias: TableAlias | undefined): string {
  if (alias === undefined) return '';
  const columns = alias.columns === undefined ? '' : `(${alias.columns.map(quoteIdentifier).join(', ')})`;
  return ` AS ${quoteIdentifier(alias.name)}${columns}`;
}

function printTableRef(ref: TableRef): string {
  switch (ref.kind) {
    case 'table': return printObjectName(ref.name) + printAlias(ref.alias);
    case 'subquery': return `${ref.lateral ? 'LATERAL ' : ''}(${printQuery(ref.query)})${printAlias(ref.alias)}`;
    case 'function': return `${quoteName(ref.name.split('.'))}(${printExprs(ref.args)})${printAlias(ref.alias)}`;
    case 'join': {
      const natural = ref.natural ? 'NATURAL ' : '';
      const type = ref.joinType === 'inner' ? '' : `${ref.joinType.toUpperCase()} `;
      let text = `(${printTableRef(ref.left)} ${natural}${type}JOIN ${printTableRef(ref.right)}`;
      if (ref.on !== undefined) text += ` ON ${printExpr(ref.on)}`;
      if (ref.using !== undefined) text += ` USING (${ref.using.map(quoteIdentifier).join(', ')})`;
      return `${text})`;
    }
  }
}

function printGroupByItem(item: GroupByItem): string {
  switch (item.kind) {
    case 'expr': return printExpr(item.expr);
    case 'rollup':
    case 'cube':
      return `${item.kind.toUpperCase()} (${item.sets.map((set) => `(${printExprs(set)})`).join(', ')})`;
    case 'groupingSets':
      return `GROUPING SETS (${item.sets.map(printGroupingSet).join(', ')})`;
  }
}

/** One set of GROUPING SETS: `()`, `(a, b)`, or a nested ROLLUP/CUBE/GROUPING SETS on its own. */
function printGroupingSet(set: readonly GroupByItem[]): string {
  if (set.length === 1 && set[0].kind !== 'expr') return printGroupByItem(set[0]);
  return `(${set.map(printGroupByItem).join(', ')})`;
}
