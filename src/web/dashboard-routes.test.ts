// The dashboard's routes: the page with its import map, the app and vendor modules, public beside an API that is not.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHttpServer, type TestHttpServer } from '../server/http/http-test-server.test-support.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { vendorFiles } from './vendor-modules.js';
import { buildWebApp } from './web-build.test-support.js';

const TOKEN = 'dashboard-test-token';

describe('dashboard routes', () => {
  let appDir: string;
  let server: TestHttpServer;

  beforeAll(async () => {
    appDir = await buildWebApp();
    server = await startTestHttpServer({ token: TOKEN, routes: dashboardRoutes({ appDir }) });
  });
  afterAll(async () => {
    await server?.stop();
    if (appDir) await rm(appDir, { recursive: true, force: true });
  });

  it('serves the page at / and /dashboard without credentials, while the API still asks for them', async () => {
    for (const path of ['/', '/dashboard']) {
      const response = await fetch(server.url(path));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      const map = JSON.parse(/<script type="importmap">(.*?)<\/script>/s.exec(html)![1]!) as { imports: Record<string, string> };
      expect(Object.keys(map.imports).sort()).toEqual(['preact', 'preact/hooks', 'preact/jsx-runtime', 'uplot']);
      expect(html).toContain('<script type="module" src="/dashboard/app/main.js">');
    }
    expect((await fetch(server.url('/v1/views'))).status).toBe(401);
  });

  it('serves every module the import map names, byte for byte, and the compiled app', async () => {
    const html = await (await fetch(server.url('/'))).text();
    const map = JSON.parse(/<script type="importmap">(.*?)<\/script>/s.exec(html)![1]!) as { imports: Record<string, string> };
    const files = new Map(vendorFiles().map((file) => [`/dashboard/vendor/${file.name}`, file.path]));
    for (const url of Object.values(map.imports)) {
      const response = await fetch(server.url(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await response.text()).toBe(await readFile(files.get(url)!, 'utf8'));
    }
    const css = await fetch(server.url('/dashboard/vendor/uplot.css'));
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const main = await fetch(server.url('/dashboard/app/main.js'));
    expect(main.status).toBe(200);
    expect(await main.text()).toBe(await readFile(`${appDir}/main.js`, 'utf8'));
    expect((await fetch(server.url('/dashboard/app/panels/sellers.js'))).status).toBe(200);
  });

  it('answers 404 for files outside the app and unknown vendor files', async () => {
    // A module beside the app's folder: reachable only if ".." could leave the folder.
    const outside = `${appDir}-outside.js`;
    await writeFile(outside, 'export {};\n');
    const escape = `/dashboard/app/..%2F${basename(outside)}`;
    try {
      for (const path of ['/dashboard/app/missing.js', escape, '/dashboard/vendor/lodash.js', '/dashboard/app/main.tsx']) {
        const response = await fetch(server.url(path));
        expect(response.status, path).toBe(404);
      }
    } finally {
      await rm(outside, { force: true });
    }
  });

  it('says how to build the app when it is missing', async () => {
    const bare = await startTestHttpServer({ routes: dashboardRoutes({ appDir: `${appDir}/absent` }) });
    try {
      const html = await (await fetch(bare.url('/'))).text();
      expect(html).toContain('npm run build');
      expect(html).not.toContain('/dashboard/app/main.js');
    } finally {
      await bare.stop();
    }
  });
});
