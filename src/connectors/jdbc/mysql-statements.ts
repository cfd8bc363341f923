// The SQL a MySQL/MariaDB sink runs: multi-row INSERT ... ON DUPLICATE KEY UPDATE and DELETE ... IN, in chunks.
import type { Row } from '../../types/value.js';
import { mysqlTableName, quoteMysql } from './mysql-target.js';
import type { MysqlLiteral } from './value-params.js';

/** One kind of statement: the text before and after the comma-separated row tuples. */
export interface MysqlStatementShape {
  readonly prefix: string;
  readonly suffix: string;
  /** Sink column indexes that make up each tuple. */
  readonly columns: readonly number[];
  /** Whether a tuple of one column is written bare (`k IN (1, 2)`) rather than as `(1)`. */
  readonly bare: boolean;
}

export interface MysqlStatements {
  readonly write: MysqlStatementShape;
  readonly delete?: MysqlStatementShape;
}

export interface MysqlStatementPlan {
  readonly database: string;
  readonly table: string;
  /** Target column names, in sink column order. */
  readonly columns: readonly string[];
  readonly type: 'upsert' | 'append-only';
  readonly key: readonly number[];
}

/** Limits of one statement: below max_allowed_packet, and a bounded number of rows. */
export interface ChunkLimits {
  /** UTF-16 code units; a unit is at most 3 bytes of UTF-8, so 3 * maxChars stays under the packet size. */
  readonly maxChars: number;
  readonly maxRows: number;
}

/**
 * Built once at open. Upsert: `INSERT INTO t (cols) VALUES (...), ... ON DUPLICATE KEY UPDATE c = VALUES(c)`,
 * which MariaDB and MySQL 8 both run (MySQL 8.0.20+ deprecates VALUES() here in favour of the row alias
 * `VALUES (...) AS new ON DUPLICATE KEY UPDATE c = new.c`, which MariaDB does not have). Delete:
 * `DELETE FROM t WHERE (k1, k2) IN ((...), ...)`. Append-only: the plain INSERT.
 */
export function mysqlStatements(plan: MysqlStatementPlan): MysqlStatements {
  const table = mysqlTableName(plan.database, plan.table);
  const names = plan.columns.map(quoteMysql);
  const all = names.map((_, index) => index);
  const insert = `INSERT INTO ${table} (${names.join(', ')}) VALUES `;
  if (plan.type === 'append-only') return { write: { prefix: insert, suffix: '', columns: all, bare: false } };
  const keySet = new Set(plan.key);
  const updated = names.filter((_, index) => !keySet.has(index));
  // With every column in the key there is nothing to update; assigning a key column to itself keeps the row.
  const updates = (updated.length > 0 ? updated : [names[plan.key[0]!]!]).map((name) => `${name} = VALUES(${name})`);
  const keyNames = plan.key.map((index) => names[index]!);
  const single = plan.key.length === 1;
  return {
    write: { prefix: insert, suffix: ` ON DUPLICATE KEY UPDATE ${updates.join(', ')}`, columns: all, bare: false },
    delete: {
      prefix: `DELETE FROM ${table} WHERE ${single ? keyNames[0] : `(${keyNames.join(', ')})`} IN (`,
      suffix: ')',
      columns: plan.key,
      bare: single,
    },
  };
}

/** `(v1, v2)` of a row: the literal of each of the shape's columns. */
function tuple(row: Row, shape: MysqlStatementShape, literals: readonly MysqlLiteral[]): string {
  const { columns } = shape;
  if (shape.bare) return literals[columns[0]!]!(row[columns[0]!]!);
  let text = '(';
  for (let position = 0; position < columns.length; position++) {
    const columnIdx = columns[position]!;
    if (position > 0) text += ', ';
    text += literals[columnIdx]!(row[columnIdx]!);
  }
  return text + ')';
}

/**
 * The statements that apply `rows` in `shape`, each within `limits` (a single row larger than the limit still
 * gets a statement of its own). Lazily, so that only one statement's text is held at a time.
 */
export function* mysqlChunks(shape: MysqlStatementShape, rows: readonly Row[], literals: readonly MysqlLiteral[], limits: ChunkLimits): Generator<string> {
  const fixed = shape.prefix.length + shape.suffix.length;
  let tuples: string[] = [];
  let chars = fixed;
  for (const row of rows) {
    const text = tuple(row, shape, literals);
    if (tuples.length > 0 && (chars + text.length + 1 > limits.maxChars || tuples.length >= limits.maxRows)) {
      yield shape.prefix + tuples.join(',') + shape.suffix;
      tuples = [];
      chars = fixed;
    }
    tuples.push(text);
    chars += text.length + 1;
  }
  if (tuples.length > 0) yield shape.prefix + tuples.join(',') + shape.suffix;
}
