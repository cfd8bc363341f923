// Turns a TypeScript entry file and the modules it imports into JavaScript that a child `node` process can run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository's root: outputs mirror its layout, and bare imports resolve from its node_modules. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Inside the repository's node_modules, so that the output's bare imports (`lmdb`, `@platformatic/kafka`) find
 * the repository's packages by Node's usual walk up the folders, without being rewritten.
 */
const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'tally-transpiled');
/**
 * A tree unused for this long is removed: its sources have changed since, or nothing runs it any more. Longer
 * than any test runs, since a test's child processes load the tree it got at its start.
 */
const STALE_AFTER_MS = 2 * 3_600_000;

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
};

/** A transpiled tree: `entry` is the JavaScript file to run with `process.execPath`. */
export interface TranspiledTree {
  readonly entry: string;
  /** The folder holding the tree. */
  readonly root: string;
}

/**
 * Node 20 cannot run TypeScript. Transpiles `entry` (a .ts file inside the repository) and every module it
 * imports by a relative path, followed transitively, into a folder named after `label` and a hash of the sources,
 * keeping their paths relative to the repository root. Imports are those left after type elision, so type-only
 * modules are not copied. A relative import of a file that is not TypeScript (`./data.json`) is copied as it is.
 *
 * Transpiling a few hundred modules takes seconds: the tree is kept and used again for as long as no source of it
 * changes (trees unused for two hours are removed).
 */
export function transpileTree(entry: string, label: string): TranspiledTree {
  const absoluteEntry = resolve(entry);
  if (relative(repoRoot, absoluteEntry).startsWith('..')) throw new Error(`transpileTree: ${entry} is outside the repository ${repoRoot}`);
  removeStaleTrees();
  const root = join(cacheRoot, `${label}-${sourcesHash(absoluteEntry)}`);
  const outputOf = (base: string, file: string): string => join(base, relative(repoRoot, file)).replace(/\.ts$/, '.js');
  if (existsSync(root)) {
    const now = new Date();
    utimesSync(root, now, now);
  } else {
    // Built aside and renamed into place, so that a tree that exists is whole, even with builds racing.
    const building = `${root}.building-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      build(absoluteEntry, (file) => outputOf(building, file));
      writeFileSync(join(building, 'package.json'), '{ "type": "module" }\n');
      renameSync(building, root);
    } catch (err) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(root)) throw err;
    }
  }
  return { entry: outputOf(root, absoluteEntry), root };
}

/** Transpiles the modules `entry` runs, each to `outputOf(file)`. */
function build(entry: string, outputOf: (file: string) => string): void {
  const done = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const target = outputOf(file);
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      writeFileSync(target, readFileSync(file));
      continue;
    }
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: COMPILER_OPTIONS, fileName: file });
    writeFileSync(target, outputText);
    pending.push(...relativeImports(outputText, file));
  }
}

/**
 * A hash of everything the tree is built from: the compiler, and each module `entry` imports (type-only imports
 * too: finding which are elided would take the transpiling this saves), by path and content.
 */
function sourcesHash(entry: string): string {
  const hash = createHash('sha256').update(`${ts.version}\0${JSON.stringify(COMPILER_OPTIONS)}\0`);
  const done = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const content = readFileSync(file);
    hash.update(`${relative(repoRoot, file)}\0${content.length}\0`).update(content);
    if (file.endsWith('.ts')) pending.push(...relativeImports(content.toString('utf8'), file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The files that `source` (the text of `file`) imports by relative paths. */
function relativeImports(source: string, file: string): string[] {
  const files: string[] = [];
  for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
    if (specifier.startsWith('./') || specifier.startsWith('../')) files.push(sourceOf(resolve(dirname(file), specifier), file));
  }
  return files;
}

/** The file a relative import names: `./x.js` is written for `./x.ts` under NodeNext resolution. */
function sourceOf(imported: string, importer: string): string {
  if (imported.endsWith('.js')) {
    const typescript = imported.slice(0, -'.js'.length) + '.ts';
    if (existsSync(typescript)) return typescript;
  }
  if (existsSync(imported)) return imported;
  throw new Error(`transpileTree: ${importer} imports ${imported}, which does not exist`);
}

function removeStaleTrees(): void {
  if (!existsSync(cacheRoot)) return;
  const now = Date.now();
  for (const name of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
