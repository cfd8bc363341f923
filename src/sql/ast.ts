// The abstract syntax tree produced by the parser and consumed by the binder (plan/).
// Every node is an immutable object with a `kind` discriminant; positions are source offsets.

/** A half-open range of character offsets into the statement's source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A possibly qualified name (`schema.table`, `t.col`); parts are already case-folded unless quoted. */
export interface ObjectName {
  readonly parts: readonly string[];
  readonly span: Span;
}

// ---------------------------------------------------------------- statements

export type Statement =
  | QueryStatement
  | CreateTable
  | CreateSource
  | CreateView
  | CreateSink
  | Insert
  | Update
  | Delete
  | Drop
  | Flush
  | SetVariable
  | Show
  | Explain
  | Transaction
  | CreateUser
  | AlterUser
  | Grant;

export interface StatementBase {
  /** The whole statement's span, without the trailing semicolon. */
  readonly span: Span;
}

export interface QueryStatement extends StatementBase {
  readonly kind: 'query';
  readonly query: Query;
}

/** A `WITH (k = v, ...)` entry. Keys are dotted names joined with '.', lower-cased unless quoted. */
export interface WithOption {
  readonly key: string;
  /** The value as written: string literals unquoted, numbers and identifiers as their text. */
  readonly value: string;
  readonly span: Span;
}

/** `FORMAT PLAIN ENCODE JSON (k = v, ...)`. Names are lower-cased. */
export interface FormatSpec {
  readonly format: string;
  readonly encode: string;
  readonly options: readonly WithOption[];
  readonly span: Span;
}

export interface TypeName {
  /** Lower-cased and normalized to single spaces: `int`, `double precision`, `timestamp with time zone`, `string`. */
  readonly name: string;
  /** Numbers in parentheses: `numeric(10, 2)` gives [10, 2]. */
  readonly modifiers: readonly number[];
  /** `int[]` or `int array`. */
  readonly isArray: boolean;
  /** An interval type's field qualifier, lower-cased: `interval day to second(3)` has `day to second` (and modifiers [3]). */
  readonly fields?: string;
  /** MySQL's `BIGINT UNSIGNED` (Flink dialect only); recorded, not enforced. */
  readonly unsigned?: boolean;
  readonly span: Span;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: TypeName;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly defaultValue?: Expr;
  /** `col AS expr` generated column. */
  readonly generated?: Expr;
  readonly span: Span;
}

/** `WATERMARK FOR col AS expr`. */
export interface WatermarkDef {
  readonly column: string;
  readonly expr: Expr;
  readonly span: Span;
}

/**
 * CREATE TABLE: a plain table (`with` empty), a connector-backed table (RisingWave `WITH (connector = ...)`,
 * or Flink `with ("connector.type" = ...)`), optionally `AS query`.
 */
export interface CreateTable extends StatementBase {
  readonly kind: 'createTable';
  readonly name: ObjectName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  /** Table-level `PRIMARY KEY (a, b)` (Flink adds `NOT ENFORCED`, recorded as `primaryKeyEnforced: false`). */
  readonly primaryKey: readonly string[];
  readonly primaryKeyEnforced: boolean;
  readonly watermarks: readonly WatermarkDef[];
  readonly appendOnly: boolean;
  /**
   * Connector options. In the Flink dialect, MySQL table options after the column list are recorded here
   * too, keyed by their lower-cased words: `engine`, `character set`, `charset`, `collate`, `comment`.
   */
  readonly with: readonly WithOption[];
  readonly format?: FormatSpec;
  readonly asQuery?: Query;
}

export interface CreateSource extends StatementBase {
  readonly kind: 'createSource';
  readonly name: ObjectName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: readonly string[];
  readonly watermarks: readonly WatermarkDef[];
  readonly with: readonly WithOption[];
  readonly format?: FormatSpec;
}

/** CREATE [OR REPLACE] [MATERIALIZED] VIEW name [(cols)] AS query. */
export interface CreateView extends StatementBase {
  readonly kind: 'createView';
  readonly materialized: boolean;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly with: readonly WithOption[];
}

/** CREATE SINK name [FROM relation | AS query] WITH (...) [FORMAT ... ENCODE ...]. */
export interface CreateSink extends StatementBase {
  readonly kind: 'createSink';
  readonly name: ObjectName;
  readonly ifNotExists: boolean;
  readonly from?: ObjectName;
  readonly query?: Query;
  readonly with: readonly WithOption[];
  readonly format?: FormatSpec;
}

export interface Insert extends StatementBase {
  readonly kind: 'insert';
  readonly table: ObjectName;
  readonly columns?: readonly string[];
  /** VALUES or SELECT. */
  readonly source: Query;
  readonly returning?: readonly SelectItem[];
}

export interface Assignment {
  readonly column: string;
  readonly value: Expr;
  readonly span: Span;
}

export interface Update extends StatementBase {
  readonly kind: 'update';
  readonly table: ObjectName;
  readonly alias?: string;
  readonly assignments: readonly Assignment[];
  readonly where?: Expr;
  readonly returning?: readonly SelectItem[];
}

export interface Delete extends StatementBase {
  readonly kind: 'delete';
  readonly table: ObjectName;
  readonly alias?: string;
  readonly where?: Expr;
  readonly returning?: readonly SelectItem[];
}

export type ObjectKind = 'table' | 'view' | 'materializedView' | 'source' | 'sink' | 'index' | 'user';

export interface Drop extends StatementBase {
  readonly kind: 'drop';
  readonly objectKind: ObjectKind;
  readonly names: readonly ObjectName[];
  readonly ifExists: boolean;
  readonly cascade: boolean;
}

export interface Flush extends StatementBase {
  readonly kind: 'flush';
}

/** SET name { TO | = } value; `SET name TO DEFAULT` and `RESET name` have value undefined. Also `SET TIME ZONE x` (name `timezone`). */
export interface SetVariable extends StatementBase {
  readonly kind: 'set';
  readonly name: string;
  readonly value?: string;
  /** `SET LOCAL`: for the current transaction only. */
  readonly local?: boolean;
}

/**
 * SHOW TABLES | MATERIALIZED VIEWS | VIEWS | SOURCES | SINKS | COLUMNS FROM x | CREATE <kind> x | <variable>.
 * RisingWave's `DESCRIBE x` is SHOW COLUMNS FROM x.
 */
export interface Show extends StatementBase {
  readonly kind: 'show';
  readonly what: 'tables' | 'materializedViews' | 'views' | 'sources' | 'sinks' | 'columns' | 'create' | 'variable';
  readonly objectKind?: ObjectKind;
  readonly name?: ObjectName;
  readonly variable?: string;
}

export interface Explain extends StatementBase {
  readonly kind: 'explain';
  readonly statement: Statement;
  readonly verbose: boolean;
}

/**
 * `BEGIN` / `START TRANSACTION` / `COMMIT` / `END` / `ROLLBACK` / `ABORT`, with their optional `WORK` or
 * `TRANSACTION`, transaction modes (`ISOLATION LEVEL ...`, `READ ONLY`, `[NOT] DEFERRABLE`, accepted and not
 * recorded) and `AND [NO] CHAIN`. Statements apply as they run, as in RisingWave: a transaction groups nothing.
 */
export interface Transaction extends StatementBase {
  readonly kind: 'transaction';
  /** `begin` for BEGIN, `start` for START TRANSACTION (their command tags differ), `commit` also for END, `rollback` also for ABORT. */
  readonly action: 'begin' | 'start' | 'commit' | 'rollback';
  /** `COMMIT AND CHAIN`: a new transaction block starts right away. */
  readonly chain: boolean;
}

/** `col = 'v'` or `col IN ('a', 'b')` in a user's SCOPE: values as written (numbers as their text). */
export interface ScopeConditionDef {
  readonly column: string;
  readonly values: readonly string[];
  readonly span: Span;
}

/** An option of CREATE USER / ALTER USER. `null` password or token: none. An empty scope: RESET SCOPE. */
export type RoleOption =
  | { readonly kind: 'password'; readonly value: string | null; readonly span: Span }
  | { readonly kind: 'token'; readonly value: string | null; readonly span: Span }
  | { readonly kind: 'superuser'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'scope'; readonly conditions: readonly ScopeConditionDef[]; readonly span: Span };

/** `CREATE USER name [WITH] [SUPERUSER] [PASSWORD 'pw' | NULL] [TOKEN 'tok'] [SCOPE (col = 'v', ...)]`. */
export interface CreateUser extends StatementBase {
  readonly kind: 'createUser';
  readonly name: string;
  readonly options: readonly RoleOption[];
}

/** `ALTER USER name [WITH] options`, `ALTER USER name SET SCOPE (...)`, `ALTER USER name RESET SCOPE`. */
export interface AlterUser extends StatementBase {
  readonly kind: 'alterUser';
  readonly name: string;
  readonly options: readonly RoleOption[];
}

/** The relation kinds GRANT names: `TABLE` (any relation, as in PostgreSQL), or one kind. */
export type GrantObjectKind = 'table' | 'view' | 'materializedView' | 'source';

/**
 * `GRANT SELECT ON [kind] a, b TO u, ...` / `GRANT SELECT ON ALL {TABLES | MATERIALIZED VIEWS | SOURCES} IN
 * SCHEMA s TO u`, and REVOKE ... FROM. Only SELECT can be granted: users other than root are read-only.
 */
export interface Grant extends StatementBase {
  readonly kind: 'grant';
  readonly revoke: boolean;
  readonly target:
    | { readonly kind: 'relations'; readonly objectKind?: GrantObjectKind; readonly names: readonly ObjectName[] }
    | { readonly kind: 'all'; readonly objectKind: GrantObjectKind; readonly schemas: readonly string[] };
  readonly grantees: readonly string[];
}

// ---------------------------------------------------------------- queries

export interface Cte {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly span: Span;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly descending: boolean;
  /** Undefined means PostgreSQL's default: NULLS LAST for ASC, NULLS FIRST for DESC. */
  readonly nullsFirst?: boolean;
  readonly span: Span;
}

/** A full query: WITH, a set expression, ORDER BY, LIMIT/OFFSET (FETCH FIRST n ROWS ONLY is a limit). */
export interface Query {
  readonly kind: 'query';
  readonly with: readonly Cte[];
  readonly body: SetExpr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
  /** RisingWave's `EMIT ON WINDOW CLOSE` after GROUP BY/HAVING. */
  readonly emitOnWindowClose: boolean;
  readonly span: Span;
}

export type SetExpr = Select | SetOperation | Values | Query;

export interface SetOperation {
  readonly kind: 'setOperation';
  readonly op: 'union' | 'except' | 'intersect';
  readonly all: boolean;
  /** `CORRESPONDING` (true, by all common names) or `CORRESPONDING BY (cols)`. */
  readonly corresponding?: true | readonly string[];
  readonly left: SetExpr;
  readonly right: SetExpr;
  readonly span: Span;
}

export interface Values {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly span: Span;
}

export interface Select {
  readonly kind: 'select';
  /** `DISTINCT` is true; `DISTINCT ON (exprs)` is the list. */
  readonly distinct: boolean | readonly Expr[];
  readonly items: readonly SelectItem[];
  readonly from: readonly TableRef[];
  readonly where?: Expr;
  readonly groupBy: readonly GroupByItem[];
  readonly having?: Expr;
  readonly windows: readonly NamedWindow[];
  readonly span: Span;
}

export type SelectItem =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: string; readonly span: Span }
  /** `*` or `t.*`. */
  | { readonly kind: 'wildcard'; readonly qualifier?: readonly string[]; readonly span: Span };

export interface TableAlias {
  readonly name: string;
  readonly columns?: readonly string[];
}

export type TableRef =
  | { readonly kind: 'table'; readonly name: ObjectName; readonly alias?: TableAlias; readonly span: Span }
  | { readonly kind: 'subquery'; readonly query: Query; readonly alias?: TableAlias; readonly lateral: boolean; readonly span: Span }
  /** A function in FROM: TUMBLE(t, col, size), HOP(...), range(1, 2), unnest(...). */
  | { readonly kind: 'function'; readonly name: string; readonly args: readonly Expr[]; readonly alias?: TableAlias; readonly span: Span }
  | JoinRef;

export interface JoinRef {
  readonly kind: 'join';
  readonly joinType: 'inner' | 'left' | 'right' | 'full' | 'cross';
  readonly natural: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on?: Expr;
  readonly using?: readonly string[];
  readonly span: Span;
}

export type GroupByItem =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'rollup'; readonly sets: readonly (readonly Expr[])[]; readonly span: Span }
  | { readonly kind: 'cube'; readonly sets: readonly (readonly Expr[])[]; readonly span: Span }
  | { readonly kind: 'groupingSets'; readonly sets: readonly (readonly GroupByItem[])[]; readonly span: Span };

export interface WindowSpec {
  /** Reference to a named window (`OVER w`) or base of `OVER (w ORDER BY ...)`. */
  readonly baseName?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
  readonly span: Span;
}

export interface WindowFrame {
  readonly units: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end?: FrameBound;
}

export type FrameBound =
  | { readonly kind: 'unboundedPreceding' }
  | { readonly kind: 'preceding'; readonly offset: Expr }
  | { readonly kind: 'currentRow' }
  | { readonly kind: 'following'; readonly offset: Expr }
  | { readonly kind: 'unboundedFollowing' };

export interface NamedWindow {
  readonly name: string;
  readonly spec: WindowSpec;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | Identifier
  | Literal
  | TypedLiteral
  | IntervalLiteral
  | Parameter
  | UnaryOp
  | BinaryOp
  | FunctionCall
  | Cast
  | Case
  | InList
  | InSubquery
  | Between
  | Like
  | IsNull
  | IsBoolean
  | IsDistinctFrom
  | Exists
  | ScalarSubquery
  | QuantifiedComparison
  | Extract
  | ArrayConstructor
  | ArraySubquery
  | Subscript
  | Collate
  | Row;

export interface Identifier {
  readonly kind: 'identifier';
  /** `a`, `t.a`, `s.t.a`: case-folded unless quoted. */
  readonly parts: readonly string[];
  readonly span: Span;
}

export interface Literal {
  readonly kind: 'literal';
  /**
   * `number` keeps the text as written (`1`, `2.50`, `1e3`) so that the binder picks int4, int8 or numeric
   * as PostgreSQL does. A minus directly before a number is folded in (`-2147483648` has text
   * `-2147483648` and is an int4), as PostgreSQL's grammar does; `-(2::int)` stays a unary minus. `string` is the unescaped content (`E'...'` escapes resolved; Flink's double-quoted
   * strings and `_UTF16"..."` are strings too).
   */
  readonly value:
    | { readonly type: 'number'; readonly text: string }
    | { readonly type: 'string'; readonly text: string }
    | { readonly type: 'boolean'; readonly value: boolean }
    | { readonly type: 'null' };
  readonly span: Span;
}

/** `TIMESTAMP '2023-01-01 00:00:00'`, `DATE '...'`, `INT '5'`: a type name followed by a string literal. */
export interface TypedLiteral {
  readonly kind: 'typedLiteral';
  readonly type: TypeName;
  readonly text: string;
  readonly span: Span;
}

/**
 * `INTERVAL '1 hour'`, `INTERVAL '2' HOUR`, `INTERVAL '1' DAY TO SECOND`. `fields` holds the trailing
 * qualifier, lower-cased (`hour`, `day to second`), if any.
 */
export interface IntervalLiteral {
  readonly kind: 'intervalLiteral';
  readonly text: string;
  readonly fields?: string;
  /** Fractional-seconds precision: `INTERVAL(3) '1.2345 s'` or `INTERVAL '1.2345' SECOND(3)`. */
  readonly precision?: number;
  readonly span: Span;
}

/** `$1` */
export interface Parameter {
  readonly kind: 'parameter';
  readonly index: number;
  readonly span: Span;
}

export interface UnaryOp {
  readonly kind: 'unary';
  /** `-`, `+`, `not`, `~`, `@`. */
  readonly op: string;
  readonly operand: Expr;
  readonly span: Span;
}

export interface BinaryOp {
  readonly kind: 'binary';
  /**
   * Lower-cased operator: `+ - * / % ^ || = <> < <= > >= and or` and others as written (`->`, `->>`,
   * `@>`, `&`, `|`, `#`, `<<`, `>>`). `!=` is normalized to `<>`.
   */
  readonly op: string;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/**
 * A function call, including aggregates and window functions:
 * `count(*)`, `count(DISTINCT x)`, `string_agg(x, ',' ORDER BY y)`, `sum(x) FILTER (WHERE ...)`,
 * `percentile_cont(0.5) WITHIN GROUP (ORDER BY x)`, `row_number() OVER (...)`.
 * Keyword forms without parentheses (`CURRENT_DATE`, `LOCALTIMESTAMP`, `CURRENT_TIMESTAMP`) are calls
 * with no arguments and `noParens: true`. Special syntaxes map to calls too:
 * `position(a IN b)` is `position(a, b)` (args in that order); `substring(s FROM a FOR b)` is
 * `substring(s, a, b)`; `trim(BOTH 'x' FROM s)` is `btrim(s, 'x')` (`ltrim`/`rtrim` for LEADING/TRAILING);
 * `overlay`, `coalesce`, `nullif`, `greatest`, `least` are plain calls.
 */
export interface FunctionCall {
  readonly kind: 'function';
  readonly name: ObjectName;
  readonly args: readonly Expr[];
  readonly star: boolean;
  readonly distinct: boolean;
  readonly orderBy: readonly OrderItem[];
  readonly filter?: Expr;
  readonly withinGroup: readonly OrderItem[];
  readonly over?: WindowSpec | { readonly name: string; readonly span: Span };
  readonly noParens: boolean;
  readonly span: Span;
}

/** `CAST(x AS t)`, `x::t`, `TRY_CAST` is not supported. */
export interface Cast {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly type: TypeName;
  readonly span: Span;
}

export interface Case {
  readonly kind: 'case';
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
  readonly span: Span;
}

export interface InList {
  readonly kind: 'inList';
  readonly expr: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly span: Span;
}

export interface InSubquery {
  readonly kind: 'inSubquery';
  readonly expr: Expr;
  readonly query: Query;
  readonly negated: boolean;
  readonly span: Span;
}

export interface Between {
  readonly kind: 'between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
  readonly span: Span;
}

/** LIKE, ILIKE, and SIMILAR TO is not supported. */
export interface Like {
  readonly kind: 'like';
  readonly expr: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly span: Span;
}

export interface IsNull {
  readonly kind: 'isNull';
  readonly expr: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

/** `x IS [NOT] TRUE | FALSE | UNKNOWN`. */
export interface IsBoolean {
  readonly kind: 'isBoolean';
  readonly expr: Expr;
  readonly value: boolean | null;
  readonly negated: boolean;
  readonly span: Span;
}

export interface IsDistinctFrom {
  readonly kind: 'isDistinctFrom';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

/** `EXISTS (query)`; `NOT EXISTS (query)` is parsed with `negated: true`. */
export interface Exists {
  readonly kind: 'exists';
  readonly query: Query;
  readonly negated: boolean;
  readonly span: Span;
}

export interface ScalarSubquery {
  readonly kind: 'scalarSubquery';
  readonly query: Query;
  readonly span: Span;
}

/** `x = ANY (subquery | array)`, `x > ALL (...)`, `SOME` is `any`. */
export interface QuantifiedComparison {
  readonly kind: 'quantified';
  readonly op: string;
  readonly quantifier: 'any' | 'all';
  readonly expr: Expr;
  readonly subject: { readonly kind: 'query'; readonly query: Query } | { readonly kind: 'expr'; readonly expr: Expr };
  readonly span: Span;
}

/** `EXTRACT(field FROM source)`; `field` lower-cased (`epoch`, `hour`, ...). `date_part('x', s)` is a call. */
export interface Extract {
  readonly kind: 'extract';
  readonly field: string;
  readonly source: Expr;
  readonly span: Span;
}

/** `ARRAY[a, b]`. */
export interface ArrayConstructor {
  readonly kind: 'array';
  readonly elements: readonly Expr[];
  readonly span: Span;
}

/** `ARRAY(query)`: the rows of a one-column query as an array, in the query's order. */
export interface ArraySubquery {
  readonly kind: 'arraySubquery';
  readonly query: Query;
  readonly span: Span;
}

/** `expr COLLATE name`; `collation` is the (possibly schema-qualified) name, case-folded unless quoted. */
export interface Collate {
  readonly kind: 'collate';
  readonly expr: Expr;
  readonly collation: readonly string[];
  readonly span: Span;
}

/** `a[i]` (1-based). */
export interface Subscript {
  readonly kind: 'subscript';
  readonly expr: Expr;
  readonly index: Expr;
  readonly span: Span;
}

/** `ROW(a, b)` or `(a, b)`. */
export interface Row {
  readonly kind: 'row';
  readonly fields: readonly Expr[];
  readonly span: Span;
}
