import { describe, expect, it } from 'vitest';
import type { SourceBatch, SourceConnector, SourceReader, SourceSpec } from '../stream/source.js';
import { SqlError } from '../types/error.js';
import { formatValue } from '../types/text-format.js';
import type { Row } from '../types/value.js';
import { Engine } from './engine.js';

/** An in-memory connector: the test queues batches per source; each poll hands over what is queued. */
class QueueConnector implements SourceConnector {
  readonly name = 'queue';
  readonly queues = new Map<string, SourceBatch[]>();
  polls = 0;

  validate(spec: SourceSpec): void {
    if (!spec.options.has('queue')) throw new SqlError('invalid_parameter_value', 'missing option "queue"');
  }

  async open(spec: SourceSpec): Promise<SourceReader> {
    const queue = spec.options.get('queue')!;
    if (queue === 'broken') throw new SqlError('invalid_parameter_value', 'could not connect to "broken"');
    return {
      poll: async () => {
        this.polls++;
        const batches = this.queues.get(queue) ?? [];
        this.queues.set(queue, []);
        const rows = batches.flatMap((b) => b.changes.rows);
        return { changes: { rows, weights: batches.flatMap((b) => b.changes.weights) }, deadLetters: batches.flatMap((b) => b.deadLetters) };
      },
      position: () => null,
      close: async () => undefined,
    };
  }

  send(queue: string, rows: Row[], weights = rows.map(() => 1), deadLetters: SourceBatch['deadLetters'] = []): void {
    const list = this.queues.get(queue) ?? [];
    list.push({ changes: { rows, weights }, deadLetters });
    this.queues.set(queue, list);
  }
}

async function rows(db: Engine, sql: string): Promise<string[]> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((v, i) => formatValue(result.columns[i]!.type, v) ?? 'NULL').join(' '));
}

describe('pulled sources', () => {
  it('reads each source once per epoch; FLUSH makes what was read visible', async () => {
    const queue = new QueueConnector();
    const db = await Engine.open({ sourceConnectors: [queue], barrierIntervalMs: 60_000 });
    await db.execute(`
      CREATE SOURCE clicks (page VARCHAR) WITH (connector = 'queue', queue = 'a');
      CREATE MATERIALIZED VIEW per_page AS SELECT page, COUNT(*) AS n FROM clicks GROUP BY page;
    `);
    queue.send('a', [['home'], ['cart'], ['home']]);
    await db.execute('FLUSH');
    expect(await rows(db, 'SELECT * FROM per_page ORDER BY page')).toEqual(['cart 1', 'home 2']);
    expect(db.sourceStats().get('clicks')).toMatchObject({ records: 3, deadLetters: 0 });
    await db.close();
  });

  it('keeps undecodable records in the dead-letter table and goes on', async () => {
    const queue = new QueueConnector();
    const db = await Engine.open({ sourceConnectors: [queue], barrierIntervalMs: 60_000 });
    await db.execute(`CREATE SOURCE s (n INT) WITH (connector = 'queue', queue = 'q'); CREATE MATERIALIZED VIEW total AS SELECT SUM(n) AS n FROM s`);
    queue.send('q', [[1], [2]], undefined, [{ offset: 'line 2', payload: '{"n": "two"}', error: 'invalid input syntax for type integer: "two"' }]);
    await db.execute('FLUSH');
    expect(await rows(db, 'SELECT * FROM total')).toEqual(['3']);
    expect(await rows(db, 'SELECT source, "offset", payload, error FROM tally_dead_letters')).toEqual([
      's line 2 {"n": "two"} invalid input syntax for type integer: "two"',
    ]);
    await db.close();
  });

  it('applies upserts and deletes of a connector table by primary key', async () => {
    const queue = new QueueConnector();
    const db = await Engine.open({ sourceConnectors: [queue], barrierIntervalMs: 60_000 });
    await db.execute(`
      CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR) WITH (connector = 'queue', queue = 'o') FORMAT UPSERT ENCODE JSON;
      CREATE MATERIALIZED VIEW by_status AS SELECT status, COUNT(*) AS n FROM orders GROUP BY status;
    `);
    queue.send('o', [[1, 'paid'], [2, 'paid'], [3, 'paid']]);
    await db.execute('FLUSH');
    queue.send('o', [[2, 'refunded'], [3, null]], [1, -1]);
    await db.execute('FLUSH');
    expect(await rows(db, 'SELECT * FROM by_status ORDER BY status')).toEqual(['paid 1', 'refunded 1']);
    expect(await rows(db, 'SELECT * FROM orders ORDER BY id')).toEqual(['1 paid', '2 refunded']);
    await db.close();
  });

  it('reports a source that cannot be opened at CREATE time and does not create it', async () => {
    const queue = new QueueConnector();
    const db = await Engine.open({ sourceConnectors: [queue] });
    await expect(db.execute(`CREATE SOURCE s (n INT) WITH (connector = 'queue', queue = 'broken')`)).rejects.toThrow('could not connect to "broken"');
    await expect(db.execute(`CREATE SOURCE s (n INT) WITH (connector = 'queue')`)).rejects.toThrow('missing option "queue"');
    expect(await rows(db, 'SHOW SOURCES')).toEqual([]);
    await expect(db.execute(`CREATE SOURCE u (n INT) WITH (connector = 'queue', queue = 'x') FORMAT UPSERT ENCODE JSON`)).rejects.toThrow(
      'FORMAT UPSERT needs a TABLE with a PRIMARY KEY, not a SOURCE',
    );
    await db.close();
  });

  it('runs epochs on its own every barrier interval', async () => {
    const queue = new QueueConnector();
    const db = await Engine.open({ sourceConnectors: [queue], barrierIntervalMs: 20 });
    await db.execute(`CREATE SOURCE s (n INT) WITH (connector = 'queue', queue = 'q'); CREATE MATERIALIZED VIEW c AS SELECT COUNT(*) AS n FROM s`);
    queue.send('q', [[1], [2]]);
    const deadline = Date.now() + 5_000;
    while ((await rows(db, 'SELECT * FROM c'))[0] !== '2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await rows(db, 'SELECT * FROM c')).toEqual(['2']);
    expect(queue.polls).toBeGreaterThan(0);
    await db.close();
  });
});
