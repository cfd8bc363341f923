import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { transpileTree } from './transpile-tree.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Sources must live inside the repository: a scratch folder under its node_modules, removed afterwards.
const fixtures = join(repoRoot, 'node_modules', '.cache', `tally-transpile-fixture-${process.pid}`);

const built: string[] = [];
afterAll(() => {
  rmSync(fixtures, { recursive: true, force: true });
  for (const root of built) rmSync(root, { recursive: true, force: true });
});

function transpile(entry: string): ReturnType<typeof transpileTree> {
  const tree = transpileTree(entry, 'transpile-tree-test');
  built.push(tree.root);
  return tree;
}

function writeFixture(path: string, text: string): string {
  const file = join(fixtures, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('transpileTree', () => {
  it('follows relative imports, keeps bare ones resolvable, and produces a runnable tree', () => {
    const entry = writeFixture(
      'app/main.ts',
      `import Decimal from 'decimal.js';
import type { Shape } from './only-types.js';
import { area } from '../lib/area.js';
import info from '../lib/info.json' with { type: 'json' };
const shape: Shape = { side: 3 };
console.log(area(shape), new Decimal('0.1').plus('0.2').toString(), info.name);`,
    );
    writeFixture('app/only-types.ts', 'export interface Shape { side: number }');
    writeFixture('lib/area.ts', `export * from './square.js';`);
    writeFixture('lib/square.ts', `export const area = (shape: { side: number }): number => shape.side ** 2;`);
    writeFixture('lib/info.json', '{ "name": "fixture" }');

    const tree = transpile(entry);
    expect(execFileSync(process.execPath, [tree.entry], { encoding: 'utf8' }).trim()).toBe('9 0.3 fixture');
    // The type-only module is elided by the transpiler and so never copied.
    expect(existsSync(join(tree.entry, '..', 'only-types.js'))).toBe(false);
  });

  it('uses a tree again until one of its sources changes', () => {
    const entry = writeFixture('cached/main.ts', `import { word } from './word.js';\nconsole.log(word);`);
    writeFixture('cached/word.ts', `export const word: string = 'first';`);
    const first = transpile(entry);
    const marker = join(first.root, 'marker');
    writeFileSync(marker, '');
    expect(transpile(entry).root).toBe(first.root);
    expect(existsSync(marker)).toBe(true);

    writeFixture('cached/word.ts', `export const word: string = 'second';`);
    const second = transpile(entry);
    expect(second.root).not.toBe(first.root);
    expect(execFileSync(process.execPath, [second.entry], { encoding: 'utf8' }).trim()).toBe('second');
  });

  it('names the importer of a module that does not exist', () => {
    const entry = writeFixture('broken/main.ts', `import { gone } from './gone.js';\nconsole.log(gone);`);
    expect(() => transpile(entry)).toThrow(/broken\/main\.ts imports .*broken\/gone\.js, which does not exist/);
  });

  it('refuses an entry outside the repository', () => {
    expect(() => transpile('/tmp/elsewhere.ts')).toThrow(/is outside the repository/);
  });
});
