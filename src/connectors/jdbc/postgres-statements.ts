// The SQL a PostgreSQL sink runs per chunk: unnest of one array parameter per column, cast to the target's types.
import { createHash } from 'node:crypto';
import { postgresTableName, quotePostgres } from './postgres-target.js';
import type { TargetColumn } from './target-table.js';

/** A statement and the name it is prepared under on each connection (a hash of its text: same text, same plan). */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export interface PostgresStatements {
  /** Upsert (or plain insert for append-only sinks): one parameter per column, `$1` the first column's values. */
  readonly write: PreparedStatement;
  /** Delete by key: one parameter per key column, in key order (upsert sinks). */
  readonly delete?: PreparedStatement;
}

/** What the statements are built from: the target as found and which of its columns the sink writes. */
export interface PostgresStatementPlan {
  readonly schema: string;
  readonly table: string;
  /** The target column of each sink column, in sink order. */
  readonly columns: readonly TargetColumn[];
  readonly type: 'upsert' | 'append-only';
  readonly key: readonly number[];
}

const prepared = (kind: string, text: string): PreparedStatement => ({
  name: `tally_sink_${kind}_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`,
  text,
});

/**
 * `$n::type[]` for a scalar column: PostgreSQL reads each element with the target type's own input. An array
 * column's values travel as text and are cast after unnest, which would otherwise flatten them.
 */
function unnestOf(columns: readonly TargetColumn[], firstParameter: number): { from: string; select: string } {
  const parameters: string[] = [];
  const aliases: string[] = [];
  const select: string[] = [];
  columns.forEach((column, position) => {
    const alias = `c${position}`;
    const isArray = column.kind === 'array';
    parameters.push(`$${firstParameter + position}::${isArray ? 'text' : column.castType}[]`);
    aliases.push(alias);
    select.push(isArray ? `u.${alias}::${column.castType}` : `u.${alias}`);
  });
  return { from: `unnest(${parameters.join(', ')}) AS u(${aliases.join(', ')})`, select: select.join(', ') };
}

/**
 * Builds the statements once at open. Upsert: `INSERT INTO t (cols) SELECT ... FROM unnest($1::type[], ...)
 * ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c` (DO NOTHING when every column is in the key); delete:
 * `DELETE FROM t WHERE (k1, k2) IN (SELECT ... FROM unnest(...))`. Append-only: the INSERT alone.
 */
export function postgresStatements(plan: PostgresStatementPlan): PostgresStatements {
  const table = postgresTableName(plan.schema, plan.table);
  const names = plan.columns.map((column) => quotePostgres(column.name));
  const values = unnestOf(plan.columns, 1);
  const insert = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${values.select} FROM ${values.from}`;
  if (plan.type === 'append-only') return { write: prepared('insert', insert) };
  const keyNames = plan.key.map((index) => names[index]!);
  const keySet = new Set(plan.key);
  const updates = names.filter((_, index) => !keySet.has(index)).map((name) => `${name} = EXCLUDED.${name}`);
  const onConflict = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  const keys = unnestOf(plan.key.map((index) => plan.columns[index]!), 1);
  return {
    write: prepared('upsert', `${insert} ON CONFLICT (${keyNames.join(', ')}) ${onConflict}`),
    delete: prepared('delete', `DELETE FROM ${table} WHERE (${keyNames.join(', ')}) IN (SELECT ${keys.select} FROM ${keys.from})`),
  };
}
