// PostgreSQL 15's keyword categories (from pg_get_keywords()), which decide where a word may be a name.

/** Reserved keywords: never a column, table, function or type name; a column label only after AS. */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user',
  'using', 'variadic', 'when', 'where', 'window', 'with',
]);

/** Keywords that may name a function or type but not a column or table (`left(s, 2)` but not `select left`). */
export const TYPE_FUNCTION_KEYWORDS: ReadonlySet<string> = new Set([
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps',
  'right', 'similar', 'tablesample', 'verbose',
]);

/** Keywords that may name a column or table but not a function or type (`select real from t`). */
export const COLUMN_NAME_KEYWORDS: ReadonlySet<string> = new Set([
  'between', 'bigint', 'bit', 'boolean', 'char', 'character', 'coalesce', 'dec', 'decimal', 'exists',
  'extract', 'float', 'greatest', 'grouping', 'inout', 'int', 'integer', 'interval', 'least', 'national',
  'nchar', 'none', 'normalize', 'nullif', 'numeric', 'out', 'overlay', 'position', 'precision', 'real', 'row',
  'setof', 'smallint', 'substring', 'time', 'timestamp', 'treat', 'trim', 'values', 'varchar',
  'xmlattributes', 'xmlconcat', 'xmlelement', 'xmlexists', 'xmlforest', 'xmlnamespaces', 'xmlparse', 'xmlpi',
  'xmlroot', 'xmlserialize', 'xmltable',
]);

/** Keywords that may follow a select item as its alias only after AS (`select 1 day` is an error). */
export const AS_LABEL_KEYWORDS: ReadonlySet<string> = new Set([
  'array', 'as', 'char', 'character', 'create', 'day', 'except', 'fetch', 'filter', 'for', 'from', 'grant',
  'group', 'having', 'hour', 'intersect', 'into', 'isnull', 'limit', 'minute', 'month', 'notnull', 'offset',
  'on', 'order', 'over', 'overlaps', 'precision', 'returning', 'second', 'to', 'union', 'varying', 'where',
  'window', 'with', 'within', 'without', 'year',
]);

/** Whether an unquoted word can be a column, table or alias name (PostgreSQL's ColId). */
export const isColumnIdentifier = (word: string): boolean =>
  !RESERVED_KEYWORDS.has(word) && !TYPE_FUNCTION_KEYWORDS.has(word);

/** Whether an unquoted word can be a function or type name (PostgreSQL's type_function_name, roughly). */
export const isFunctionIdentifier = (word: string): boolean => !RESERVED_KEYWORDS.has(word);
