// The dashboard's routes: the page at / and /dashboard, the compiled app and the vendor modules, all public.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { APP_PREFIX, dashboardPage } from './dashboard-page.js';
import { VENDOR_PREFIX, importMap, vendorFiles } from './vendor-modules.js';

export interface DashboardOptions {
  /** The compiled app (tsconfig.web.json's outDir); default: dist/web/app of this package. */
  readonly appDir?: string;
}

/** The app as `npm run build` leaves it: dist/web/app, reached the same way from src/web and dist/web. */
const DEFAULT_APP_DIR = fileURLToPath(new URL('../../dist/web/app/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Served without authentication: these routes hold code and layout only, the data comes through the API. */
const PUBLIC = { public: true };

/**
 * Routes for `startHttpServer`'s `routes` option. The page and the modules are public (the sign-in form is part
 * of them); every figure on the page is read through the API with the signed-in user's credentials.
 */
export function dashboardRoutes(options: DashboardOptions = {}): (app: FastifyInstance) => void {
  const appDir = resolve(options.appDir ?? DEFAULT_APP_DIR);
  const vendor = vendorFiles();
  const vendorByName = new Map(vendor.map((file) => [file.name, file.path]));
  const stylesheets = vendor.filter((file) => file.name.endsWith('.css')).map((file) => VENDOR_PREFIX + file.name);
  return (app) => {
    const page = async (_request: unknown, reply: FastifyReply) => {
      const built = existsSync(resolve(appDir, 'main.js'));
      return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(dashboardPage(importMap(vendor), stylesheets, built));
    };
    app.get('/', { config: PUBLIC }, page);
    app.get('/dashboard', { config: PUBLIC }, page);
    app.get<{ Params: { '*': string } }>(`${APP_PREFIX}*`, { config: PUBLIC }, async (request, reply) => {
      const path = resolve(appDir, request.params['*']);
      // Only files inside the app's folder: a path with ".." must not reach the rest of the disk.
      if (!path.startsWith(appDir + sep)) return notFound(reply, request.url);
      return sendFile(reply, path, request.url);
    });
    app.get<{ Params: { name: string } }>(`${VENDOR_PREFIX}:name`, { config: PUBLIC }, async (request, reply) => {
      const path = vendorByName.get(request.params.name);
      return path === undefined ? notFound(reply, request.url) : sendFile(reply, path, request.url);
    });
  };
}

async function sendFile(reply: FastifyReply, path: string, url: string): Promise<FastifyReply> {
  const type = CONTENT_TYPES[extname(path)];
  if (type === undefined) return notFound(reply, url);
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return notFound(reply, url);
  }
  return reply.code(200).type(type).header('cache-control', 'no-cache').send(body);
}

const notFound = (reply: FastifyReply, url: string): FastifyReply =>
  reply
    .code(404)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: '58P01', message: `file "${url.split('?', 1)[0]}" does not exist` } }));
