// The dashboard over the real demo: the generator runs until every panel has rows, stops, and once the pipelines
// settle every figure on screen equals its view; signed in as a demo seller, the page shows that seller's rows only.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAuthentication } from '../http-authentication.js';
import type { Engine } from '../../engine.js';
import { startHttpServer, type HttpServer } from '../../server/http/index.js';
import { chromiumAbsence, launchChromium } from '../../web/chromium.test-support.js';
import { dashboardRoutes } from '../../web/dashboard-routes.js';
import { SELLER_VIEWS, SHOWN_VIEWS, viewRows, type ShownView } from '../../web/dashboard-fixture.test-support.js';
import { compareView, screenFigures, settle, type WithDataset } from '../../web/screen-figures.test-support.js';
import { buildWebApp } from '../../web/web-build.test-support.js';
import { DEMO_SELLERS } from '../../commerce/demo/demo-users.js';
import { eventually } from './eventually.test-support.js';
import { startDemo, type RunningDemo } from './run-demo.js';

const absence = chromiumAbsence();
if (absence) console.warn(absence);

const SCREENSHOTS = new URL('../../../test-output/', import.meta.url);
const SLOW_MS = 180_000;
/** Bounds on each wait within a test's SLOW_MS; only a failure waits this long. */
const FILL_MS = 90_000;
const QUIET_MS = 40_000;
const SCREEN_MS = 40_000;
/** Epochs in a row that change none of the dashboard's views before the screen is compared with them. */
const QUIET_EPOCHS = 3;
/** The views whose panels must have rows before the generator stops; the alert feed may rightly stay empty. */
const FILLED_VIEWS = [...SHOWN_VIEWS, ...SELLER_VIEWS].map((view) => view.name).filter((name) => name !== 'alert_feed');
const SELLER = DEMO_SELLERS[0]!;
/** The views of the seller's page: each must hold a row of the seller before the generator stops. */
const SELLER_PAGE_VIEWS = [...SHOWN_VIEWS, ...SELLER_VIEWS].filter((view) => view.name.startsWith('seller_'));


/** Resolves once `epochs` epochs in a row change none of `relations` (sources drained, sinks written back). */
function quietEpochs(engine: Engine, relations: ReadonlySet<string>, epochs: number, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const changed = new Set<string>();
    let lastChanged: string[] = [];
    let calm = 0;
    const offChanges = engine.onChanges((relation) => {
      if (relations.has(relation)) changed.add(relation);
    });
    const offEpoch = engine.onEpoch(() => {
      calm = changed.size > 0 ? 0 : calm + 1;
      if (changed.size > 0) lastChanged = [...changed];
      changed.clear();
      if (calm >= epochs) finish(resolve);
    });
    const timer = setTimeout(() => finish(() => reject(new Error(`the views still changed after ${ms} ms, last ${lastChanged.join(', ')}`))), ms);
    function finish(then: () => void): void {
      clearTimeout(timer);
      offChanges();
      offEpoch();
      then();
    }
  });
}

describe.skipIf(absence !== undefined)('dashboard over the running demo', () => {
  let dataDir: string;
  let appDir: string;
  let demo: RunningDemo;
  let server: HttpServer;
  let browser: Browser;
  const printed: string[] = [];
  const logged: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-demo-dashboard-'));
    appDir = await buildWebApp();
    demo = await startDemo({ dataDir, pgPort: '0', httpPort: '0', rate: 300, seed: 20261121, probeTimeoutMs: 300 }, (line) => printed.push(line));
    // The demo serves dist/web/app, the app as last built; this server serves the app compiled from these sources,
    // over the same engine and with the same authentication.
    server = await startHttpServer(demo.server.engine, { port: 0, authenticate: httpAuthentication(demo.server.engine, true), routes: dashboardRoutes({ appDir }), log: (line) => logged.push(line) });
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await demo?.stop();
    if (appDir) await rm(appDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    expect(logged).toEqual([]);
  }, SLOW_MS);

  const openPage = async (): Promise<Page & { errors: string[] }> => {
    const page = (await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()) as Page & { errors: string[] };
    page.errors = [];
    page.on('pageerror', (err) => page.errors.push(err.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    return page;
  };

  const mismatches = async (page: Page, views: readonly ShownView[], sellerId?: string): Promise<string[]> => {
    const figures = await screenFigures(page);
    const problems: string[] = [];
    for (const view of views) {
      const rows = (await viewRows(demo.server.engine, view.name)).filter((row) => sellerId === undefined || row.seller_id === sellerId);
      problems.push(...compareView(view, view.select ? view.select(rows) : rows, figures.filter((figure) => figure.view === view.name)));
    }
    return problems;
  };

  it('shows every figure as the pipelines left it once the generator stops', async () => {
    const engine = demo.server.engine;
    expect((await fetch(demo.dashboardUrl)).status).toBe(200);
    await eventually(async () => {
      const empty = FILLED_VIEWS.filter((name) => (engine.rowCount(name) ?? 0) === 0);
      for (const view of SELLER_PAGE_VIEWS) {
        if (!(await viewRows(engine, view.name)).some((row) => row.seller_id === SELLER.sellerId)) empty.push(`${view.name} for ${SELLER.sellerId}`);
      }
      return empty.length === 0 ? undefined : `still empty: ${empty.join(', ')}`;
    }, FILL_MS);
    const quiet = quietEpochs(engine, new Set([...SHOWN_VIEWS, ...SELLER_VIEWS].map((view) => view.name)), QUIET_EPOCHS, QUIET_MS);
    await demo.stopGenerator();
    await quiet;

    const page = await openPage();
    await settle(() => mismatches(page, SHOWN_VIEWS), SCREEN_MS);
    const platform = (await viewRows(engine, 'mv_platform_gmv_today'))[0]!;
    expect(await page.locator('[data-view="mv_platform_gmv_today"][data-column="gmv"]').getAttribute('data-value')).toBe(String(platform.gmv));
    expect(await page.locator('[data-view="mv_channel_gmv_today"][data-column="channel"]').count()).toBe((await viewRows(engine, 'mv_channel_gmv_today')).length);
    expect(await page.locator('[data-view="seller_leaderboard"][data-column="seller_id"]').count()).toBe(engine.rowCount('seller_leaderboard'));
    expect(await page.locator('[data-view="seller_payouts"][data-column="seller_id"]').count()).toBe(engine.rowCount('seller_payouts'));
    const products = await page.locator('[data-view="promo_top5_products"][data-column="rank"]').count();
    expect(products).toBe(engine.rowCount('promo_top5_products'));
    expect(products).toBeLessThanOrEqual(5);
    expect(await page.locator('main[data-layout="operator"]').count()).toBe(1);
    await page.screenshot({ path: new URL('demo-dashboard.png', SCREENSHOTS).pathname, fullPage: true });
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, SLOW_MS);

  it(`shows ${SELLER.user} only ${SELLER.sellerId}'s rows`, async () => {
    const page = await openPage();
    await page.getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.locator('input[name="user"]').fill(SELLER.user);
    await dialog.locator('input[name="password"]').fill(SELLER.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('main[data-layout="seller"]').waitFor();

    await settle(() => mismatches(page, SELLER_PAGE_VIEWS, SELLER.sellerId), SCREEN_MS);
    const owners = await page.$$eval('[data-view][data-key]', (elements) => [...new Set(elements.map((element) => (element as unknown as WithDataset).dataset.key!.split('|')[0]))]);
    expect(owners).toEqual([SELLER.sellerId]);
    expect(await page.locator('[data-view]:not([data-view^="seller_"])').count()).toBe(0);
    for (const view of SELLER_PAGE_VIEWS) expect(await page.locator(`[data-view-state="${view.name}"]`).getAttribute('data-state'), view.name).toBe('live');
    expect(await page.locator('[data-state="denied"]').count()).toBe(0);
    expect(await page.locator('.hidden-panels').textContent()).toContain(`${SELLER.user} reads only its own seller's rows`);
    await page.screenshot({ path: new URL('demo-dashboard-seller.png', SCREENSHOTS).pathname, fullPage: true });
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, SLOW_MS);
});
