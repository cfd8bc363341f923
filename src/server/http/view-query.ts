// The query string of the view endpoints: column filters, ordering, limit and offset, checked against the relation.
import type { ColumnInfo, RelationEntry } from '../../catalog/catalog.js';
import { SqlError } from '../../types/error.js';
import { parseValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { HttpError } from './http-error.js';

export type FilterOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in';

/** One `col.op=value` condition; rows match when the column is not NULL and compares as the operator says. */
export interface ColumnFilter {
  readonly column: ColumnInfo;
  /** The column's index in the relation's full rows (hidden columns included), for filtering change batches. */
  readonly columnIdx: number;
  readonly operator: FilterOperator;
  /** The values as given (one, or the items of an `in` list), and as read with the column type's text input. */
  readonly texts: readonly string[];
  readonly values: readonly Value[];
}

export interface SortKey {
  readonly column: ColumnInfo;
  readonly descending: boolean;
  /** NULLS FIRST / NULLS LAST when given; otherwise PostgreSQL's default (NULLs sort as the largest value). */
  readonly nullsFirst?: boolean;
}

/** What a request asks of a relation's rows. */
export interface ViewQuery {
  readonly filters: readonly ColumnFilter[];
  readonly order: readonly SortKey[];
  readonly limit?: number;
  readonly offset?: number;
}

/** Query parameters as the HTTP layer parsed them: a repeated name gives an array. */
export type QueryParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

const OPERATORS: ReadonlySet<string> = new Set<FilterOperator>(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in']);
const ORDER_MODIFIERS: ReadonlySet<string> = new Set(['asc', 'desc', 'nullsfirst', 'nullslast']);
/** Parameter names that are never filters: a column with one of these names is filtered with `name.eq=`. */
const RESERVED = new Set(['order', 'limit', 'offset']);
/** LIMIT and OFFSET as a 32-bit count, enough for any response a server should build. */
const MAX_COUNT = 2 ** 31 - 1;

/**
 * Reads `params` as a query of `entry`'s visible columns. `col=v` and `col.eq=v` test equality; `neq`, `gt`,
 * `gte`, `lt`, `lte` compare; `col.in=a,b,"c,d"` tests membership (double quotes around an item that holds a
 * comma or a quote, doubled inside). `order=col.desc,col2` sorts (`.asc`, `.desc`, `.nullsfirst`, `.nullslast`);
 * `limit` and `offset` slice. With `ordering` false (a change stream) only filters are accepted. Throws
 * SqlError undefined_column for a column the relation does not have, and the type's input error for a value
 * that does not read as the column's type.
 */
export function parseViewQuery(entry: RelationEntry, params: QueryParameters, options: { readonly ordering: boolean }): ViewQuery {
  const columns = new Map<string, number>();
  entry.columns.forEach((column, columnIdx) => {
    if (!column.hidden) columns.set(column.name, columnIdx);
  });
  const filters: ColumnFilter[] = [];
  let order: SortKey[] = [];
  let limit: number | undefined;
  let offset: number | undefined;
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    const given = typeof raw === 'string' ? [raw] : raw;
    if (RESERVED.has(key)) {
      if (!options.ordering) throw new HttpError(400, '0A000', `query parameter "${key}" is not supported on a change stream`);
      const text = single(key, given);
      if (key === 'order') order = parseOrder(text, entry, columns);
      else if (key === 'limit') limit = parseCount(key, text);
      else offset = parseCount(key, text);
      continue;
    }
    const { columnIdx, operator } = parseFilterKey(key, columns);
    const column = entry.columns[columnIdx]!;
    for (const text of given) {
      const texts = operator === 'in' ? parseInList(key, text) : [text];
      filters.push({ column, columnIdx, operator, texts, values: texts.map((item) => readValue(key, column, item)) });
    }
  }
  return { filters, order, limit, offset };
}

function single(key: string, given: readonly string[]): string {
  if (given.length !== 1) throw new HttpError(400, '42601', `query parameter "${key}" given more than once`);
  return given[0]!;
}

/** `col` (equality), or `col.op` with a known operator; a column's own name wins over a split at a dot. */
function parseFilterKey(key: string, columns: ReadonlyMap<string, number>): { columnIdx: number; operator: FilterOperator } {
  const whole = columns.get(key);
  if (whole !== undefined) return { columnIdx: whole, operator: 'eq' };
  const dot = key.lastIndexOf('.');
  const name = dot < 0 ? key : key.slice(0, dot);
  const columnIdx = columns.get(name);
  if (columnIdx === undefined) throw undefinedColumn(name, columns);
  const operator = key.slice(dot + 1);
  if (!OPERATORS.has(operator)) {
    throw new HttpError(400, '42883', `unrecognized filter operator "${operator}" in query parameter "${key}"`, undefined, 'Use eq, neq, gt, gte, lt, lte or in.');
  }
  return { columnIdx, operator: operator as FilterOperator };
}

function parseOrder(text: string, entry: RelationEntry, columns: ReadonlyMap<string, number>): SortKey[] {
  return text.split(',').map((item) => {
    let name = item;
    const modifiers: string[] = [];
    while (!columns.has(name)) {
      const dot = name.lastIndexOf('.');
      if (dot < 0 || !ORDER_MODIFIERS.has(name.slice(dot + 1))) break;
      modifiers.push(name.slice(dot + 1));
      name = name.slice(0, dot);
    }
    const columnIdx = columns.get(name);
    if (columnIdx === undefined) throw undefinedColumn(name, columns);
    const nulls = modifiers.find((m) => m.startsWith('nulls'));
    return { column: entry.columns[columnIdx]!, descending: modifiers.includes('desc'), nullsFirst: nulls === undefined ? undefined : nulls === 'nullsfirst' };
  });
}

function parseCount(key: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > MAX_COUNT) {
    throw new HttpError(400, '22023', `query parameter "${key}" must be a non-negative integer, not "${text}"`);
  }
  return value;
}

/** The items of `a,b,"c,d"`: double quotes around an item that holds a comma, `""` for a quote inside them. */
export function parseInList(key: string, text: string): string[] {
  const items: string[] = [];
  let pos = 0;
  while (true) {
    let item: string;
    if (text.charCodeAt(pos) === DOUBLE_QUOTE) {
      item = '';
      pos++;
      while (true) {
        const close = text.indexOf('"', pos);
        if (close < 0) throw new HttpError(400, '42601', `unterminated quoted item in query parameter "${key}"`);
        item += text.slice(pos, close);
        pos = close + 1;
        if (text.charCodeAt(pos) !== DOUBLE_QUOTE) break;
        item += '"';
        pos++;
      }
      if (pos < text.length && text.charCodeAt(pos) !== COMMA) {
        throw new HttpError(400, '42601', `unexpected text after a quoted item in query parameter "${key}"`);
      }
    } else {
      const comma = text.indexOf(',', pos);
      item = text.slice(pos, comma < 0 ? text.length : comma);
      pos = comma < 0 ? text.length : comma;
    }
    items.push(item);
    if (pos >= text.length) return items;
    pos++;
  }
}

const DOUBLE_QUOTE = 34;
const COMMA = 44;

function readValue(key: string, column: ColumnInfo, text: string): Value {
  try {
    return parseValue(column.type, text);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    throw new SqlError(err.condition, err.message, { detail: `The value is from query parameter "${key}".` });
  }
}

function undefinedColumn(name: string, columns: ReadonlyMap<string, number>): SqlError {
  return new SqlError('undefined_column', `column "${name}" does not exist`, {
    hint: `The relation has columns ${[...columns.keys()].map((c) => `"${c}"`).join(', ')}.`,
  });
}
