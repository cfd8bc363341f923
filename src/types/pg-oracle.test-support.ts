// Test support: one PGlite instance per test file, evaluating an expression over many text inputs at once.
import { PGlite } from '@electric-sql/pglite';

/** PGlite (PostgreSQL in WASM) with the session settings Tally assumes: UTC, ISO dates, shortest floats. */
export class PgOracle {
  private readonly pg = new PGlite();

  /**
   * Evaluates `expression` (over columns a, b, c ... of type text) once per input tuple and returns each
   * result's text, or 'ERROR: <message>' when PostgreSQL raises an error for that tuple.
   */
  async evaluate(expression: string, inputs: readonly (readonly (string | null)[])[]): Promise<(string | null)[]> {
    if (inputs.length === 0) return [];
    const width = inputs[0]!.length;
    const columns = 'abcdefgh'.slice(0, width).split('');
    const params = columns.map((_, columnIdx) => inputs.map((tuple) => tuple[columnIdx] ?? null));
    const unnest = columns.map((_, columnIdx) => `$${columnIdx + 1}::text[]`).join(', ');
    const sql = `select (${expression})::text from unnest(${unnest}) with ordinality as t(${columns.join(', ')}, n) order by n`;
    try {
      const result = await this.pg.query<[string | null]>(sql, params, { rowMode: 'array' });
      return result.rows.map((row) => row[0]);
    } catch {
      // Some input raised an error: evaluate one by one to find which.
      const results: (string | null)[] = [];
      for (const tuple of inputs) results.push(await this.evaluateOne(expression, tuple, columns));
      return results;
    }
  }

  private async evaluateOne(expression: string, tuple: readonly (string | null)[], columns: string[]): Promise<string | null> {
    const select = columns.map((column, columnIdx) => `$${columnIdx + 1}::text as ${column}`).join(', ');
    try {
      const result = await this.pg.query<[string | null]>(`select (${expression})::text from (select ${select}) t`, [...tuple], {
        rowMode: 'array',
      });
      return result.rows[0]![0];
    } catch (error) {
      return 'ERROR: ' + (error as Error).message;
    }
  }

  async query(sql: string): Promise<(string | null)[][]> {
    const result = await this.pg.query<(string | null)[]>(sql, [], { rowMode: 'array' });
    return result.rows;
  }

  async close(): Promise<void> {
    await this.pg.close();
  }
}

/** Runs `fn`, returning its result's text or 'ERROR: <message>' like PgOracle does. */
export function outcome(fn: () => string | null): string | null {
  try {
    return fn();
  } catch (error) {
    return 'ERROR: ' + (error as Error).message;
  }
}
