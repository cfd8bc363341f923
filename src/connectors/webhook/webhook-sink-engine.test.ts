// The webhook sink through the whole engine: a receiver that applies firing, updated and resolved notifications by
// key ends equal to the alert view, also when it refuses some requests and the engine retries them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { Engine } from '../../engine/engine.js';
import { open } from '../../index.js';
import { jsonRowDecoder } from '../format/json-row-decoder.js';
import { parseExactJson } from '../format/parse-exact-json.js';
import { OrderWorkload, relationText, rowText } from '../order-workload.test-support.js';

/**
 * Every order version has a fresh `seq` and totals are positive, so no alert row or change repeats (a row version
 * once gone never returns, and an alert resolves only by losing one): every notification id is new, and a receiver
 * that sees one twice was sent a change twice.
 */
const VIEW = `CREATE MATERIALIZED VIEW big_merchants AS
  SELECT merchant, COUNT(*) AS orders, SUM(total) FILTER (WHERE status <> 'cancelled') AS gmv, MAX(seq) AS last_seq
  FROM orders GROUP BY merchant
  HAVING SUM(total) FILTER (WHERE status <> 'cancelled') > 1500`;
const VIEW_ROWS = 'SELECT merchant, orders, gmv, last_seq FROM big_merchants';

/** A receiver that keeps the alerts firing by key, and everything it finds wrong with what it was sent. */
class AlertReceiver {
  readonly firing = new Map<string, string>();
  readonly appliedIds = new Set<string>();
  readonly refusedIds: string[] = [];
  readonly problems: string[] = [];
  /**
   * Resolved notifications of alerts this receiver never saw firing. The engine sends one only when a write of the
   * batch that fired it was tried and failed (the alert may have reached the receiver; see mergeUpsertBatches); a
   * receiver treats them as no-ops.
   */
  unmatchedResolves = 0;
  readonly events = { firing: 0, updated: 0, resolved: 0 };
  /** Request numbers (from 1) answered with a 500 and not applied. */
  failRequests = new Set<number>();
  requests = 0;
  columns: readonly ColumnInfo[] = [];

  /** Applies one request; the status to answer. */
  receive(headerId: string | undefined, body: string): number {
    this.requests++;
    const notification = parseExactJson(body) as { id: string; event: string; key: unknown; row: unknown; previous?: unknown };
    if (headerId !== notification.id) this.problems.push(`header id ${headerId} differs from body id ${notification.id}`);
    if (this.failRequests.has(this.requests)) {
      this.refusedIds.push(notification.id);
      return 500;
    }
    if (this.appliedIds.has(notification.id)) this.problems.push(`notification ${notification.id} applied twice`);
    this.appliedIds.add(notification.id);
    const decode = jsonRowDecoder(this.columns);
    const key = JSON.stringify(notification.key);
    const row = rowText(this.columns, decode(notification.row));
    const current = this.firing.get(key);
    switch (notification.event) {
      case 'firing':
        if (current !== undefined) this.problems.push(`${key} fired while firing`);
        this.firing.set(key, row);
        break;
      case 'updated':
        if (current !== rowText(this.columns, decode(notification.previous))) this.problems.push(`${key} updated from ${current}, not its previous row`);
        this.firing.set(key, row);
        break;
      case 'resolved':
        if (current === undefined) this.unmatchedResolves++;
        else if (current !== row) this.problems.push(`${key} resolved as ${row} while firing as ${current}`);
        this.firing.delete(key);
        break;
      default:
        this.problems.push(`unknown event ${notification.event}`);
        return 400;
    }
    this.events[notification.event]++;
    return 200;
  }

  lines(): string[] {
    return [...this.firing.values()].sort();
  }
}

let server: Server;
let url = '';
let receiver = new AlertReceiver();

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = request.headers['x-tally-notification-id'];
      const status = receiver.receive(typeof id === 'string' ? id : undefined, Buffer.concat(chunks).toString('utf8'));
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  receiver = new AlertReceiver();
});

async function alertEngine(workload: OrderWorkload): Promise<Engine> {
  const db = await open();
  await db.execute(`${workload.ddl}; ${VIEW}`);
  receiver.columns = (await relationText(db, VIEW_ROWS)).columns;
  await db.execute(`CREATE SINK big_merchant_alerts FROM big_merchants WITH (connector = 'webhook', url = '${url}', primary_key = 'merchant', type = 'upsert')`);
  return db;
}

async function runWorkload(db: Engine, workload: OrderWorkload, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await db.execute(workload.step());
}

async function expectReceiverEqualsView(db: Engine): Promise<void> {
  await db.sinksDrained(30_000);
  expect(receiver.problems).toEqual([]);
  expect(receiver.lines()).toEqual((await relationText(db, VIEW_ROWS)).lines);
}

describe('webhook sink through the engine', () => {
  it('keeps the receiver\'s firing alerts equal to the view under a random workload', async () => {
    const workload = new OrderWorkload(1121, true);
    const db = await alertEngine(workload);
    try {
      await runWorkload(db, workload, 120);
      await expectReceiverEqualsView(db);
      await runWorkload(db, workload, 150);
      await expectReceiverEqualsView(db);
      expect(receiver.events.firing).toBeGreaterThan(0);
      expect(receiver.events.updated).toBeGreaterThan(0);
      expect(receiver.events.resolved).toBeGreaterThan(0);
      expect(receiver.lines().length).toBeGreaterThan(0);
      // With no failed write, every resolved alert had fired first.
      expect(receiver.unmatchedResolves).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('ends equal to the view when the receiver answers 500 in the middle, applying no notification twice', async () => {
    const workload = new OrderWorkload(5, true);
    receiver.failRequests = new Set([6, 7, 8, 20]);
    const db = await alertEngine(workload);
    try {
      // Drained every few statements, so that the failures fall among many small deliveries.
      for (let round = 0; round < 10; round++) {
        await runWorkload(db, workload, 20);
        await expectReceiverEqualsView(db);
      }
      expect(receiver.requests).toBeGreaterThan(20);
      expect(receiver.refusedIds).toHaveLength(4);
      // Each refused notification was sent again and applied once.
      for (const id of receiver.refusedIds) expect(receiver.appliedIds.has(id)).toBe(true);
      const stats = db.sinkStats().get('big_merchant_alerts')!;
      expect(stats.errors).toBe(4);
      expect(stats.lastError).toMatch(/HTTP 500: try again$/);
      expect(stats.pending).toBe(0);
      expect(receiver.events.resolved).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
