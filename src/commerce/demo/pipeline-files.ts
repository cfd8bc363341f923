// The commerce pipelines of examples/commerce/, in the order the demo runs them (each file may use the views of
// the files before it: 002's alert feed reads 001's alert views).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectDialect, type Dialect } from '../../sql/dialect.js';

/**
 * examples/commerce/ of this package: the nearest one above this module (src/commerce/demo, dist/commerce/demo and
 * the benchmarks' dist-bench/src/commerce/demo sit at different depths).
 */
export const COMMERCE_EXAMPLES_DIR = examplesDirAbove(dirname(fileURLToPath(import.meta.url)));

function examplesDirAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'commerce');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(start, '../../../examples/commerce');
  }
}

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
