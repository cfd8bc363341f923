// The HTTP API server: fastify with the SQL, view, change stream, ingest, health and metrics routes on one engine.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.js';
import { SqlError } from '../../types/error.js';
import { EngineMetrics } from '../metrics/index.js';
import { bearerTokenCheck } from './bearer-token.js';
import { ChangeFeeds } from './change-feeds.js';
import { registerChangesRoute } from './changes-route.js';
import { HttpError } from './http-error.js';
import { HttpMetrics } from './http-metrics.js';
import { JSON_ARRAY_TYPES, JSON_LINES_TYPES } from './http-ingest.js';
import { registerIngestRoute } from './ingest-route.js';
import { registerMultiChangesRoute } from './multi-changes-route.js';
import { engineRunner, type Authenticate } from './request-runner.js';
import { OpenConnections } from './open-connections.js';
import { sendError, type RouteContext } from './route-context.js';
import { registerSqlRoute } from './sql-route.js';
import type { SseStream } from './sse-stream.js';
import { registerStatusRoutes } from './status-routes.js';
import { registerViewsRoutes } from './views-route.js';

export interface HttpServerOptions {
  /** Port to listen on; 0 picks a free one (see the result's `port`). */
  readonly port: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** With a token, every request but GET /health must send `Authorization: Bearer <token>`. */
  readonly token?: string;
  /**
   * Decides who sends each request (GET /health excepted) and what its statements run through: a user's session
   * applies the user's grants and row scope to SQL, view reads and change streams. Takes the place of `token`.
   */
  readonly authenticate?: Authenticate;
  /** Largest request body accepted, bytes (default 64 MiB): an ingest batch is one body. */
  readonly bodyLimit?: number;
  /** Interval of change streams' heartbeat events (default 15 s). */
  readonly heartbeatMs?: number;
  /** Backlog a change stream's client may leave unread before it is dropped (default 16 MiB). */
  readonly maxQueuedBytes?: number;
  /** Receives log lines (internal errors); default: standard error. */
  readonly log?: (line: string) => void;
  /**
   * Registers more routes after the API's (the dashboard's pages). A route registered with `config: { public:
   * true }` skips authentication, so it must serve nothing of the engine's data.
   */
  readonly routes?: (app: FastifyInstance) => void;
}

/** A running HTTP API server. */
export interface HttpServer {
  readonly host: string;
  readonly port: number;
  /** Ends every change stream, waits for requests in progress, stops listening. The engine stays open. */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;
/** How long a closing change stream may take to hand over its last events. */
const CLOSE_GRACE_MS = 2000;
/** How long `close` waits for requests in progress before it cuts their connections. */
const FORCE_CLOSE_MS = 10_000;
/** Bodies read as text: each route decides how to parse its own (JSON numbers must keep their digits). */
const TEXT_BODY_TYPES = [...JSON_ARRAY_TYPES, ...JSON_LINES_TYPES, 'text/plain', 'application/sql'];

/**
 * Serves `engine`'s HTTP API (see README.md, "HTTP API") until `close`. Resolves once listening. Auth (`token`
 * or `authenticate`) runs in one request hook before any route: it decides what the request's statements run
 * through (the engine, or a user's session with its grants and row scope).
 */
export async function startHttpServer(engine: Engine, options: HttpServerOptions): Promise<HttpServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const metrics = new EngineMetrics(engine);
  const streams = new Set<SseStream>();
  const closing = new AbortController();
  const context: RouteContext = {
    engine,
    feeds: new ChangeFeeds(engine),
    metrics,
    httpMetrics: new HttpMetrics(metrics.registry, () => streams.size),
    streams,
    sse: { heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, maxQueuedBytes: options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES, closeGraceMs: CLOSE_GRACE_MS },
    log,
    runners: new WeakMap(),
    engineRunner: engineRunner(engine),
    closing: closing.signal,
  };
  const app = Fastify({ logger: false, bodyLimit });
  const connections = new OpenConnections(app.server);
  configure(app, context, authenticationOf(engine, options), bodyLimit);
  options.routes?.(app);
  try {
    await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  } catch (err) {
    context.feeds.close();
    context.metrics.close();
    await app.close();
    throw err;
  }
  const address = app.server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    async close() {
      closing.abort(new SqlError('admin_shutdown', 'terminating connection due to administrator command'));
      for (const stream of [...context.streams]) stream.end();
      context.feeds.close();
      context.metrics.close();
      const closed = app.close();
      connections.closeIdle();
      const force = setTimeout(() => app.server.closeAllConnections(), FORCE_CLOSE_MS);
      try {
        await closed;
      } finally {
        clearTimeout(force);
      }
    },
  };
}

function authenticationOf(engine: Engine, options: HttpServerOptions): Authenticate | undefined {
  if (options.authenticate) return options.authenticate;
  if (options.token === undefined) return undefined;
  const check = bearerTokenCheck(options.token);
  const runner = engineRunner(engine);
  return (authorization) => {
    check(authorization);
    return runner;
  };
}

function configure(app: FastifyInstance, context: RouteContext, authenticate: Authenticate | undefined, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(TEXT_BODY_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  if (authenticate) {
    // The one place a request's identity is decided: routes read it through `runnerOf`.
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.url !== '/health' && !isPublic(request.routeOptions.config)) context.runners.set(request, authenticate(request.headers.authorization));
    });
  }
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (!(err instanceof HttpError) && err.statusCode !== undefined && err.statusCode < 500) {
      return sendError(context, reply, requestError(err, request.headers['content-type'], bodyLimit));
    }
    return sendError(context, reply, err);
  });
  app.setNotFoundHandler((request, reply) => sendError(context, reply, new HttpError(404, '42704', `route "${request.method} ${request.url.split('?', 1)[0]}" does not exist`)));
  registerStatusRoutes(app, context);
  registerSqlRoute(app, context);
  registerViewsRoutes(app, context);
  registerChangesRoute(app, context);
  registerMultiChangesRoute(app, context);
  registerIngestRoute(app, context);
}

const isPublic = (config: unknown): boolean => (config as { public?: unknown } | undefined)?.public === true;

/** Fastify's own rejections of a request (unsupported content type, body too large) in the API's error form. */
function requestError(err: FastifyError, contentType: string | undefined, bodyLimit: number): HttpError {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, '0A000', `unsupported content type "${contentType ?? ''}"`, undefined, `Send one of ${TEXT_BODY_TYPES.join(', ')}.`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, '54000', `request body is larger than ${bodyLimit} bytes`, undefined, 'Send the events in smaller batches.');
    default:
      return new HttpError(err.statusCode!, '08P01', err.message.charAt(0).toLowerCase() + err.message.slice(1));
  }
}
