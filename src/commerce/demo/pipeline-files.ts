// The commerce pipelines of examples/commerce/, in the order the demo runs them (each file may use the views of
// the files before it: 002's alert feed reads 001's alert views).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectDialect, type Dialect } from '../../sql/dialect.js';

/** examples/commerce/ of this package: the same two levels up from src/commerce/demo and dist/commerce/demo. */
export const COMMERCE_EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/commerce/', import.meta.url));

/** One pipeline file, read. */
export interface PipelineFile {
  readonly name: string;
  readonly path: string;
  readonly sql: string;
  readonly dialect: Dialect;
}

/**
 * The pipeline files: `NNN_*.sql` in name order. DDL meant for an external database (the MySQL result table of
 * seed 003, `*_mysql.sql`) is not a pipeline and is left out.
 */
export async function pipelineFiles(dir = COMMERCE_EXAMPLES_DIR): Promise<PipelineFile[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{3}_.*\.sql$/.test(name) && !name.endsWith('_mysql.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const sql = await readFile(path, 'utf8');
      return { name, path, sql, dialect: detectDialect(sql) };
    }),
  );
}
