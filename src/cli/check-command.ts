// `tally check FILE...`: parses, binds and plans every statement, printing OK or a located error per statement.
import { readFile } from 'node:fs/promises';
import { Engine } from '../engine.js';
import { detectDialect, formatSourceError, parseScript, type Dialect } from '../sql/index.js';
import { SqlError } from '../types/error.js';

export interface CheckOptions {
  readonly dialect?: Dialect;
}

/** Checks the files; returns the number of statements that failed. Each file gets a fresh catalog. */
export async function checkFiles(paths: readonly string[], options: CheckOptions, out: (line: string) => void): Promise<number> {
  let failures = 0;
  for (const path of paths) {
    let source: string;
    try {
      source = await readFile(path, 'utf8');
    } catch (err) {
      out(`${path}: could not read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      failures++;
      continue;
    }
    failures += await checkSource(path, source, options.dialect ?? detectDialect(source), out);
  }
  return failures;
}

async function checkSource(path: string, source: string, dialect: Dialect, out: (line: string) => void): Promise<number> {
  let statements;
  try {
    statements = parseScript(source, { dialect });
  } catch (err) {
    report(path, source, err, 0, out);
    return 1;
  }
  const engine = await Engine.open({ dryRun: true, dialect });
  let failures = 0;
  for (const { statement, text, start } of statements) {
    const line = lineOf(source, start);
    try {
      engine.executeStatement(statement, text);
      out(`${path}:${line}: OK ${summary(text)}`);
    } catch (err) {
      failures++;
      report(path, source, err, start, out);
    }
  }
  return failures;
}

function report(path: string, source: string, err: unknown, fallback: number, out: (line: string) => void): void {
  if (err instanceof SqlError) {
    out(formatSourceError(path, source, err.position ?? fallback, err.message));
    if (err.detail) out(`DETAIL:  ${err.detail}`);
    if (err.hint) out(`HINT:  ${err.hint}`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  out(formatSourceError(path, source, fallback, `internal error: ${message}`));
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** The statement's first words, e.g. `CREATE MATERIALIZED VIEW mv_gmv_hourly`. */
function summary(text: string): string {
  const words = text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').trim().split(/\s+/);
  const take = /^(create|drop)$/i.test(words[0] ?? '') ? (/^(materialized|or)$/i.test(words[1] ?? '') ? 5 : 3) : 2;
  return words.slice(0, take).join(' ').replace(/\($/, '');
}
