// CREATE statements: TABLE, SOURCE, [MATERIALIZED] VIEW and SINK, with RisingWave's and Flink's clauses.
import type {
  ColumnDef, CreateSink, CreateSource, CreateTable, CreateView, Expr, FormatSpec, ObjectName, Query, Statement,
  WatermarkDef, WithOption,
} from './ast.js';
import { PREC_OTHER, parseExpr } from './parse-expr.js';
import { parseColumnId, parseObjectName, parseParenthesizedNames } from './parse-name.js';
import { parseQuery } from './parse-query.js';
import { parseTypeName } from './parse-type.js';
import { parseCreateUser } from './parse-user.js';
import { parseFormatSpec, parseMysqlTableOptions, parseOptionList } from './parse-with-options.js';
import type { TokenCursor } from './token-cursor.js';

/** What a parenthesized table element list declares. */
interface TableElements {
  columns: ColumnDef[];
  primaryKey: string[];
  primaryKeyEnforced: boolean;
  watermarks: WatermarkDef[];
}

/** Parses a statement starting with CREATE; `start` is the offset of CREATE, already consumed. */
export function parseCreate(c: TokenCursor, start: number): Statement {
  const orReplace = c.acceptWords('or', 'replace');
  if (c.isWord('temp') || c.isWord('temporary')) c.unsupported('CREATE TEMPORARY');
  if (c.acceptWord('materialized')) {
    c.expectWord('view');
    return parseCreateView(c, start, true, orReplace);
  }
  if (c.acceptWord('view')) return parseCreateView(c, start, false, orReplace);
  if (orReplace) c.fail();
  if (c.acceptWord('table')) return parseCreateTable(c, start);
  if (c.acceptWord('source')) return parseCreateSource(c, start);
  if (c.acceptWord('sink')) return parseCreateSink(c, start);
  if (c.acceptWord('user')) return parseCreateUser(c, start);
  return c.fail();
}

const parseIfNotExists = (c: TokenCursor): boolean => c.acceptWords('if', 'not', 'exists');

function parseCreateView(c: TokenCursor, start: number, materialized: boolean, orReplace: boolean): CreateView {
  const ifNotExists = parseIfNotExists(c);
  const name = parseObjectName(c);
  const columns = c.isPunct('(') ? parseParenthesizedNames(c) : undefined;
  const withOptions = c.acceptWord('with') ? parseOptionList(c) : [];
  c.expectWord('as');
  const query = parseQuery(c);
  return {
    kind: 'createView',
    materialized,
    orReplace,
    ifNotExists,
    name,
    ...(columns === undefined ? {} : { columns }),
    query,
    with: withOptions,
    span: c.spanFrom(start),
  };
}

function parseCreateTable(c: TokenCursor, start: number): CreateTable {
  const ifNotExists = parseIfNotExists(c);
  const name = parseObjectName(c);
  const elements = c.isPunct('(') ? parseTableElements(c) : emptyElements();
  let appendOnly = false;
  let withOptions: WithOption[] | undefined;
  let format: FormatSpec | undefined;
  for (;;) {
    if (!appendOnly && c.acceptWords('append', 'only')) {
      appendOnly = true;
    } else if (withOptions === undefined && c.acceptWord('with')) {
      withOptions = parseOptionList(c);
    } else if (format === undefined && (c.isWord('format') || (c.isWord('row') && c.isWord('format', 1)))) {
      format = parseFormatSpec(c);
    } else if (c.dialect === 'flink') {
      const mysqlOptions = parseMysqlTableOptions(c);
      if (mysqlOptions.length === 0) break;
      withOptions = [...(withOptions ?? []), ...mysqlOptions];
    } else {
      break;
    }
  }
  let asQuery: Query | undefined;
  if (c.acceptWord('as')) asQuery = parseQuery(c);
  return {
    kind: 'createTable',
    name,
    ifNotExists,
    ...elements,
    appendOnly,
    with: withOptions ?? [],
    ...(format === undefined ? {} : { format }),
    ...(asQuery === undefined ? {} : { asQuery }),
    span: c.spanFrom(start),
  };
}

function parseCreateSource(c: TokenCursor, start: number): CreateSource {
  const ifNotExists = parseIfNotExists(c);
  const name = parseObjectName(c);
  const elements = c.isPunct('(') ? parseTableElements(c) : emptyElements();
  const withOptions = c.acceptWord('with') ? parseOptionList(c) : [];
  const format = parseFormatSpec(c);
  return {
    kind: 'createSource',
    name,
    ifNotExists,
    columns: elements.columns,
    primaryKey: elements.primaryKey,
    watermarks: elements.watermarks,
    with: withOptions,
    ...(format === undefined ? {} : { format }),
    span: c.spanFrom(start),
  };
}

function parseCreateSink(c: TokenCursor, start: number): CreateSink {
  const ifNotExists = parseIfNotExists(c);
  const name = parseObjectName(c);
  let from: ObjectName | undefined;
  let query: Query | undefined;
  if (c.acceptWord('from')) from = parseObjectName(c);
  else if (c.acceptWord('as')) query = parseQuery(c);
  else c.fail();
  const withOptions = c.acceptWord('with') ? parseOptionList(c) : [];
  const format = parseFormatSpec(c);
  return {
    kind: 'createSink',
    name,
    ifNotExists,
    ...(from === undefined ? {} : { from }),
    ...(query === undefined ? {} : { query }),
    with: withOptions,
    ...(format === undefined ? {} : { format }),
    span: c.spanFrom(start),
  };
}

const emptyElements = (): TableElements => ({ columns: [], primaryKey: [], primaryKeyEnforced: true, watermarks: [] });

/** `(col type ..., PRIMARY KEY (a, b) [NOT ENFORCED], WATERMARK FOR col AS expr)`. */
function parseTableElements(c: TokenCursor): TableElements {
  const elements = emptyElements();
  c.expectPunct('(');
  if (c.acceptPunct(')')) return elements;
  do {
    parseTableElement(c, elements);
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  return elements;
}

function parseTableElement(c: TokenCursor, elements: TableElements): void {
  const start = c.peek().start;
  if (c.acceptWord('constraint')) {
    parseColumnId(c);
    if (!c.isWord('primary')) rejectConstraint(c);
  }
  if (c.acceptWords('primary', 'key')) {
    elements.primaryKey = parseParenthesizedNames(c);
    if (c.acceptWords('not', 'enforced')) elements.primaryKeyEnforced = false;
    return;
  }
  if (c.isWord('unique') || c.isWord('check') || c.isWord('foreign') || c.isWord('exclude')) rejectConstraint(c);
  if (c.isWord('watermark') && c.isWord('for', 1)) {
    c.next();
    c.next();
    const column = parseColumnId(c);
    c.expectWord('as');
    const expr = parseExpr(c);
    elements.watermarks.push({ column, expr, span: c.spanFrom(start) });
    return;
  }
  elements.columns.push(parseColumnDef(c));
}

function rejectConstraint(c: TokenCursor): never {
  const token = c.peek();
  if (token.kind === 'word') c.unsupported(`${token.value.toUpperCase()} constraint`);
  return c.fail();
}

/** `name type [NOT NULL | NULL | PRIMARY KEY | DEFAULT e | AS e | GENERATED ALWAYS AS (e) STORED] ...`. */
function parseColumnDef(c: TokenCursor): ColumnDef {
  const start = c.peek().start;
  const name = parseColumnId(c);
  const type = parseTypeName(c);
  let notNull = false;
  let primaryKey = false;
  let defaultValue: Expr | undefined;
  let generated: Expr | undefined;
  for (;;) {
    if (c.acceptWord('constraint')) parseColumnId(c);
    if (c.acceptWords('not', 'null')) {
      notNull = true;
    } else if (c.acceptWord('null')) {
      notNull = false;
    } else if (c.acceptWords('primary', 'key')) {
      primaryKey = true;
      c.acceptWords('not', 'enforced');
    } else if (c.acceptWord('default')) {
      // PostgreSQL's b_expr: no boolean operators, so that `DEFAULT 0 NOT NULL` reads as intended.
      defaultValue = parseExpr(c, PREC_OTHER);
    } else if (c.acceptWord('as')) {
      generated = parseExpr(c);
    } else if (c.acceptWords('generated', 'always', 'as')) {
      c.expectPunct('(');
      generated = parseExpr(c);
      c.expectPunct(')');
      c.expectWord('stored');
    } else if (c.dialect === 'flink' && c.acceptWord('comment')) {
      if (c.peek().kind !== 'string') c.fail();
      c.next();
    } else if (c.dialect === 'flink' && c.acceptWord('auto_increment')) {
      continue;
    } else if (c.isWord('unique') || c.isWord('check') || c.isWord('references')) {
      rejectConstraint(c);
    } else {
      break;
    }
  }
  return {
    name,
    type,
    notNull,
    primaryKey,
    ...(defaultValue === undefined ? {} : { defaultValue }),
    ...(generated === undefined ? {} : { generated }),
    span: c.spanFrom(start),
  };
}
