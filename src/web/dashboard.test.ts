// The dashboard in Chromium: every figure on screen equals its view's row, follows changes, and a seller sees only theirs.
import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAuthentication } from '../cli/http-authentication.js';
import type { Engine } from '../engine.js';
import { open } from '../index.js';
import { startHttpServer, type HttpServer } from '../server/http/index.js';
import { chromiumAbsence, launchChromium } from './chromium.test-support.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { SELLER_VIEWS, SHOWN_VIEWS, createShownViews, isoOf, viewRows, type ShownView } from './dashboard-fixture.test-support.js';
import { compareView, screenFigures, settle, type WithDataset } from './screen-figures.test-support.js';
import { buildWebApp } from './web-build.test-support.js';

const absence = chromiumAbsence();
if (absence) console.warn(absence);

const SCREENSHOTS = new URL('../../test-output/', import.meta.url);
describe.skipIf(absence !== undefined)('dashboard in Chromium', () => {
  let appDir: string;
  let engine: Engine;
  let server: HttpServer;
  let browser: Browser;
  const logged: string[] = [];
  const url = (path: string): string => `http://127.0.0.1:${server.port}${path}`;

  beforeAll(async () => {
    appDir = await buildWebApp();
    engine = await open({});
    await createShownViews(engine, 20261121);
    server = await startHttpServer(engine, { port: 0, authenticate: httpAuthentication(engine, true), routes: dashboardRoutes({ appDir }), log: (line) => logged.push(line) });
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
    // Building the app and starting Chromium took over 10 s on a host short of CPU.
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (appDir) await rm(appDir, { recursive: true, force: true });
    expect(logged).toEqual([]);
  });

  const openPage = async (): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(url('/'));
    (page as Page & { errors: string[] }).errors = errors;
    return page;
  };

  /** What differs between the screen and the views (empty when they agree); a view shown to nobody is skipped. */
  const mismatches = async (page: Page, views: readonly ShownView[], sellerId?: string): Promise<string[]> => {
    const figures = await screenFigures(page);
    const problems: string[] = [];
    for (const view of views) {
      const rows = (await viewRows(engine, view.name)).filter((row) => sellerId === undefined || row.seller_id === sellerId);
      problems.push(...compareView(view, view.select ? view.select(rows) : rows, figures.filter((figure) => figure.view === view.name)));
    }
    return problems;
  };

  it('shows every figure of every view as the view holds it', async () => {
    const page = await openPage();
    await settle(() => mismatches(page, SHOWN_VIEWS));
    expect(await page.locator('[data-state="live"]').count()).toBe(SHOWN_VIEWS.length);
    expect(await page.locator('tr.flagged').count()).toBe((await viewRows(engine, 'seller_leaderboard')).filter((row) => row.underperforming === true).length);
    await page.screenshot({ path: new URL('dashboard.png', SCREENSHOTS).pathname, fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('draws each chart over a fixed stretch of time that ends with its latest window', async () => {
    const page = await openPage();
    await settle(() => mismatches(page, SHOWN_VIEWS));
    const charts = [
      { card: 'gmv-velocity', view: 'mv_platform_gmv_5min', time: 'window_start', stepMs: 5 * 60_000, spanMs: 2 * 3_600_000 },
      { card: 'gmv-hourly', view: 'mv_platform_gmv_hourly', time: 'hour_start', stepMs: 3_600_000, spanMs: 24 * 3_600_000 },
      { card: 'gmv-daily', view: 'mv_platform_gmv_daily', time: 'day', stepMs: 86_400_000, spanMs: 14 * 86_400_000 },
      { card: 'promo-traffic', view: 'promo_pv_uv_per_minute', time: 'minute', stepMs: 60_000, spanMs: 3_600_000 },
    ];
    for (const chart of charts) {
      const latest = Math.max(...(await viewRows(engine, chart.view)).map((row) => Date.parse(isoOf(String(row[chart.time])))));
      const element = page.locator(`#${chart.card} .chart`);
      expect(await element.getAttribute('data-span-end'), chart.view).toBe(new Date(latest + chart.stepMs).toISOString());
      expect(await element.getAttribute('data-span-start'), chart.view).toBe(new Date(latest + chart.stepMs - chart.spanMs).toISOString());
      expect(await element.locator('canvas').count(), chart.view).toBe(1);
    }
    await page.context().close();
  });

  it('follows inserts, updates and deletes of every view', async () => {
    const page = await openPage();
    await settle(() => mismatches(page, SHOWN_VIEWS));
    expect((await viewRows(engine, 'mv_platform_gmv_daily')).some((row) => row.day === '2026-11-15')).toBe(true);
    const before = Number(await page.locator('.status').getAttribute('data-epoch'));
    await engine.execute(`
      UPDATE mv_platform_gmv_today SET gmv = gmv + 1000.005, orders = orders + 3;
      INSERT INTO mv_channel_gmv_today VALUES ('web', 1, 0.004);
      DELETE FROM mv_merchant_gmv_today WHERE merchant_id IN ('M003', 'M017');
      INSERT INTO mv_merchant_gmv_today VALUES ('M041', 12, 345.678);
      INSERT INTO mv_platform_gmv_5min VALUES ('2026-11-21 11:00:00+00', '2026-11-21 11:05:00+00', 9000, 777777.775);
      INSERT INTO mv_platform_gmv_hourly VALUES ('2026-11-21 14:00:00+00', 10, 10.10);
      DELETE FROM mv_platform_gmv_daily WHERE day = '2026-11-15';
      UPDATE seller_leaderboard SET underperforming = NOT underperforming, sla_compliance_rate = 0.5 WHERE seller_id IN ('S05', 'S06');
      UPDATE seller_payouts SET refunds = refunds - 10, net_payout = net_payout - 10 WHERE seller_id = 'S09';
      UPDATE promo_total_gmv SET gmv = gmv * 2;
      DELETE FROM promo_top5_products WHERE rank = 5;
      INSERT INTO promo_top5_products VALUES ('P-new', 'Flash item', 99999, 1234567.891, 5);
      UPDATE promo_conversion SET search_conversion = 0.0625, orders_after_search = orders_after_search + 1;
      INSERT INTO promo_pv_uv_per_minute VALUES ('2026-11-21 09:00:00+00', 123456, 7890);
      INSERT INTO promo_host_metrics_per_minute VALUES ('h03', '2026-11-21 08:05:00+00', 91.25, 97.45, 50, 60, 10, 20);
      INSERT INTO alert_feed VALUES ('2026-11-21 12:00:00+00', 'flash_sale', 'P-new', 777777.775, 100000, 'GMV spike');
    `);
    await settle(() => mismatches(page, SHOWN_VIEWS));
    expect(Number(await page.locator('.status').getAttribute('data-epoch'))).toBeGreaterThan(before);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('shows a view that is gone as not running, and picks it up when it comes back', async () => {
    const page = await openPage();
    const topProducts = SHOWN_VIEWS.find((view) => view.name === 'promo_top5_products')!;
    await settle(() => mismatches(page, [topProducts]));
    // A drop runs no epoch; the next epoch (here an insert elsewhere, in a pipeline the next barrier) ends its streams.
    await engine.execute(`DROP TABLE promo_top5_products; INSERT INTO mv_channel_gmv_today VALUES ('pos', 5, 55.555)`);
    const state = page.locator('[data-view-state="promo_top5_products"]');
    await settle(async () => ((await state.getAttribute('data-state')) === 'absent' ? [] : [`state ${await state.getAttribute('data-state')}`]));
    expect(await state.textContent()).toBe('not running');
    expect(await page.locator('[data-view="promo_top5_products"]').count()).toBe(0);
    await engine.execute(`CREATE TABLE promo_top5_products ${topProducts.ddl}; INSERT INTO promo_top5_products VALUES ('P1', 'Back again', 3, 30.305, 1)`);
    await settle(() => mismatches(page, [topProducts]));
    expect(await page.locator('[data-view="promo_top5_products"][data-column="sales"]').textContent()).toBe('30.31');
    await page.context().close();
  });

  it('shows a signed-in seller their own page: their rows only, panels they cannot read left out and named', async () => {
    // Not granted the category breakdown: its panel is left out like the platform's.
    await engine.execute(`
      CREATE USER s07 WITH PASSWORD 'pw-s07' SCOPE (seller_id = 'S07');
      GRANT SELECT ON seller_leaderboard, seller_payouts, seller_sla_metrics TO s07;
    `);
    const page = await openPage();
    await settle(() => mismatches(page, SHOWN_VIEWS));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.locator('input[name="user"]').fill('s07');
    await dialog.locator('input[name="password"]').fill('wrong');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('wrong name or password');
    await dialog.locator('input[name="password"]').fill('pw-s07');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-signed-in="s07"]').waitFor();

    const sellerViews = [...SHOWN_VIEWS.filter((view) => 'seller_id' in view.shown), SELLER_VIEWS.find((view) => view.name === 'seller_sla_metrics')!];
    await settle(() => mismatches(page, sellerViews, 'S07'));
    await page.locator('main[data-layout="seller"]').waitFor();
    const sellerKeys = await page.$$eval('[data-view^="seller_"][data-key]', (elements) => [...new Set(elements.map((element) => (element as unknown as WithDataset).dataset.key))]);
    expect(sellerKeys).toEqual(['S07']);
    for (const view of [...SHOWN_VIEWS, ...SELLER_VIEWS].filter((shown) => !sellerViews.includes(shown))) {
      expect(await page.locator(`[data-view-state="${view.name}"]`).count(), view.name).toBe(0);
    }
    expect(await page.locator('[data-state="denied"]').count()).toBe(0);
    expect(await page.locator('[data-view]:not([data-view^="seller_"])').count()).toBe(0);
    const hidden = page.locator('.hidden-panels');
    expect((await hidden.getAttribute('data-hidden-panels'))!.split('|').sort()).toEqual(
      ['Alerts', 'Daily GMV', 'GMV today', 'GMV today by merchant', 'GMV velocity', 'Hosts', 'Hourly GMV', 'Promotion conversion', 'Promotion traffic', 'Sales by category', 'Top 5 products'].sort(),
    );
    expect(await hidden.textContent()).toMatch(/Hosts: these add up the whole platform, and s07 reads only its own seller's rows; Sales by category: not shared with s07\.$/);
    await page.screenshot({ path: new URL('dashboard-seller.png', SCREENSHOTS).pathname, fullPage: true });

    // A change to another seller does not reach this page; a change to S07 does.
    await engine.execute(`UPDATE seller_leaderboard SET total_orders = total_orders + 1 WHERE seller_id IN ('S07', 'S08')`);
    await settle(() => mismatches(page, sellerViews, 'S07'));
    expect(await page.locator('[data-view="seller_leaderboard"][data-key="S08"]').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await settle(() => mismatches(page, SHOWN_VIEWS));
    expect(await page.locator('.hidden-panels').count()).toBe(0);
    await page.context().close();
  });

  it('asks for a sign-in when the server does not let anonymous readers in', async () => {
    await engine.execute(`CREATE USER ops WITH PASSWORD 'pw-ops' SUPERUSER`);
    const remote = await startHttpServer(engine, { port: 0, authenticate: httpAuthentication(engine, false), routes: dashboardRoutes({ appDir }), log: (line) => logged.push(line) });
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`http://127.0.0.1:${remote.port}/`);
      const dialog = page.getByRole('dialog', { name: 'Sign in' });
      await dialog.waitFor();
      expect(await dialog.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
      await dialog.locator('input[name="user"]').fill('ops');
      await dialog.locator('input[name="password"]').fill('pw-ops');
      await dialog.getByRole('button', { name: 'Sign in' }).click();
      await settle(() => mismatches(page, SHOWN_VIEWS));
      await page.context().close();
    } finally {
      await remote.close();
    }
  });
});
