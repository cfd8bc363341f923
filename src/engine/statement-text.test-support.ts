// Engine tests read results as PostgreSQL text rows and errors as SqlErrors: the helpers they share.
import type { Dialect } from '../sql/index.js';
import { SqlError } from '../types/error.js';
import { formatValue } from '../types/text-format.js';
import type { StatementResult } from './statement-result.js';

/** Anything that runs SQL: an engine or a user's session. */
export interface SqlRunner {
  execute(sql: string, options?: { dialect?: Dialect }): Promise<StatementResult[]>;
}

/** Result rows as PostgreSQL text, columns joined by `separator`, NULL as NULL. */
export function text(result: StatementResult | undefined, separator = ' '): string[] {
  if (!result || result.kind !== 'rows') throw new Error(`expected rows, got ${JSON.stringify(result)}`);
  return result.rows.map((row) => row.map((v, i) => formatValue(result.columns[i]!.type, v) ?? 'NULL').join(separator));
}

/** The text rows of the last statement of `sql`. */
export async function query(runner: SqlRunner, sql: string, separator = ' '): Promise<string[]> {
  const results = await runner.execute(sql);
  return text(results[results.length - 1], separator);
}

/** The SqlError that `sql` fails with; fails the test if it succeeds or fails otherwise. */
export async function errorOf(runner: SqlRunner, sql: string): Promise<SqlError> {
  try {
    await runner.execute(sql);
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
  throw new Error(`expected ${sql} to fail`);
}
