// A view query as SQL text: every name a quoted identifier, every value a quoted literal cast to its column's type.
import { typeDisplayName } from '../../types/data-type.js';
import type { ColumnFilter, ViewQuery } from './view-query.js';

/** `"name"` with inner quotes doubled: any text, keywords included, reads back as exactly this name. */
export const quotedIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A standard-conforming string literal: quotes doubled, backslashes literal. */
const quotedLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

const COMPARISONS = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * `SELECT * FROM "relation" WHERE ... ORDER BY ... LIMIT ... OFFSET ...` for `query`. Values enter only as
 * string literals under CAST to the column's type, so nothing a client sends can change the statement's shape.
 */
export function viewQuerySql(relation: string, query: ViewQuery): string {
  let sql = `SELECT * FROM ${quotedIdentifier(relation)}`;
  if (query.filters.length > 0) sql += ` WHERE ${query.filters.map(condition).join(' AND ')}`;
  if (query.order.length > 0) {
    const keys = query.order.map((key) => {
      let text = `${quotedIdentifier(key.column.name)} ${key.descending ? 'DESC' : 'ASC'}`;
      if (key.nullsFirst !== undefined) text += key.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
      return text;
    });
    sql += ` ORDER BY ${keys.join(', ')}`;
  }
  if (query.limit !== undefined) sql += ` LIMIT ${query.limit}`;
  if (query.offset !== undefined) sql += ` OFFSET ${query.offset}`;
  return sql;
}

function condition(filter: ColumnFilter): string {
  const column = quotedIdentifier(filter.column.name);
  const type = typeDisplayName(filter.column.type);
  const values = filter.texts.map((text) => `CAST(${quotedLiteral(text)} AS ${type})`);
  if (filter.operator === 'in') return `${column} IN (${values.join(', ')})`;
  return `${column} ${COMPARISONS[filter.operator]} ${values[0]}`;
}
