// Relative `path` options of file sources and sinks resolve against the base directory their connector was made with.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';
import { relationText } from '../order-workload.test-support.js';
import { createFileConnector } from './file-connector.js';
import { createFileSinkConnector } from './file-sink-connector.js';
import { withResolvedPath } from './relative-path.js';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tally-relative-path-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('relative file paths', () => {
  it('resolve the first directory option given against the base directory; absolute ones stay', () => {
    const names = ['path', 'connector.path'];
    expect(withResolvedPath(new Map([['connector.path', 'in/../landing/']]), names, '/data/files').get('connector.path')).toBe('/data/files/landing');
    expect(withResolvedPath(new Map([['path', '/abs/dir']]), names, '/data/files').get('path')).toBe('/abs/dir');
    const none = new Map([['topic', 't']]);
    expect(withResolvedPath(none, names, '/data/files')).toBe(none);
  });

  it('read files under the base directory and archive under it, whatever the working directory', async () => {
    await mkdir(join(base, 'rees46', 'incoming'), { recursive: true });
    await writeFile(join(base, 'rees46', 'incoming', 'part-1.csv'), 'event_type,price\nview,1.50\npurchase,20.00\n');
    const db = await Engine.open({
      sourceConnectors: [createFileConnector({ baseDir: base })],
      sinkConnectors: [createFileSinkConnector('file', { baseDir: base })],
      barrierIntervalMs: 3_600_000,
    });
    try {
      await db.execute(`CREATE SOURCE events (event_type VARCHAR, price NUMERIC)
          WITH (connector = 'file', path = 'rees46/incoming/', match_pattern = '*.csv', settle_ms = '0') FORMAT PLAIN ENCODE CSV;
        CREATE MATERIALIZED VIEW seen AS SELECT event_type, price FROM events;
        CREATE SINK archive FROM events WITH (connector = 'file', path = 'rees46/archive', type = 'append-only') FORMAT PLAIN ENCODE JSON`);
      let lines: string[] = [];
      for (let attempt = 0; attempt < 20 && lines.length < 2; attempt++) {
        await db.execute('FLUSH');
        lines = (await relationText(db, 'SELECT event_type, price FROM seen')).lines;
      }
      expect(lines).toEqual(['purchase|20.00', 'view|1.50']);
      await db.sinksDrained(30_000);
      const archive = join(base, 'rees46', 'archive');
      const parts = (await readdir(archive)).filter((name) => name.endsWith('.jsonl'));
      const rows = (await Promise.all(parts.map((name) => readFile(join(archive, name), 'utf8')))).join('').trim().split('\n').sort();
      expect(rows).toEqual(['{"event_type":"purchase","price":"20.00"}', '{"event_type":"view","price":"1.50"}']);
    } finally {
      await db.close();
    }
  });
});
