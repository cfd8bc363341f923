// What the HTTP API's routes share: the engine, the live change feeds, metrics, settings and the error reply.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine/engine.js';
import { SqlError, type ErrorCondition } from '../../types/error.js';
import type { EngineMetrics } from '../metrics/index.js';
import type { ChangeFeeds } from './change-feeds.js';
import type { HttpMetrics } from './http-metrics.js';
import { errorResponse } from './http-error.js';
import type { RequestRunner } from './request-runner.js';
import type { SseStream, SseStreamOptions } from './sse-stream.js';

export interface RouteContext {
  readonly engine: Engine;
  readonly feeds: ChangeFeeds;
  readonly metrics: EngineMetrics;
  readonly httpMetrics: HttpMetrics;
  /** Open change streams: ended when the server closes. */
  readonly streams: Set<SseStream>;
  readonly sse: SseStreamOptions & { readonly heartbeatMs: number };
  /** Receives log lines (internal errors with their stacks). */
  readonly log: (line: string) => void;
  /** What each request's statements run through, as authentication decided (absent: `engineRunner`). */
  readonly runners: WeakMap<FastifyRequest, RequestRunner>;
  /** The engine's own entry points: every relation and row, as root. */
  readonly engineRunner: RequestRunner;
  /** Aborted when the server closes: statements of requests in progress stop. */
  readonly closing: AbortSignal;
}

/** What `request`'s statements run through: its user's session when authentication set one, else the engine. */
export const runnerOf = (context: RouteContext, request: FastifyRequest): RequestRunner => context.runners.get(request) ?? context.engineRunner;

/**
 * Aborts when the client goes away before its answer is sent, or the server closes: a long query stops instead of
 * working for nobody.
 */
export function disconnectSignal(context: RouteContext, reply: FastifyReply): AbortSignal {
  if (context.closing.aborted) return context.closing;
  const controller = new AbortController();
  const closing = (): void => controller.abort(context.closing.reason);
  context.closing.addEventListener('abort', closing, { once: true });
  reply.raw.once('close', () => {
    context.closing.removeEventListener('abort', closing);
    if (!reply.raw.writableFinished) controller.abort(new SqlError('query_canceled', 'canceling statement due to client disconnect'));
  });
  return controller.signal;
}

/** Statuses of conditions on every route: reading what the user may not is 403; a statement stopped by the server closing, 503. */
export const statusOf = (condition: ErrorCondition): number | undefined =>
  condition === 'insufficient_privilege' ? 403 : condition === 'admin_shutdown' ? 503 : undefined;

/** On routes whose URL names a relation, an unknown one is also "not found" (404). */
export const relationStatusOf = (condition: ErrorCondition): number | undefined => (condition === 'undefined_table' ? 404 : statusOf(condition));

/** Sends `err` as the API's error body (see `errorResponse`). */
export function sendError(
  context: RouteContext,
  reply: FastifyReply,
  err: unknown,
  options: { readonly sql?: string; readonly statusOf?: (condition: ErrorCondition) => number | undefined } = {},
): FastifyReply {
  const { status, body } = errorResponse(err, {
    statusOf,
    ...options,
    onInternalError: (internal) => context.log(`http: internal error: ${internal instanceof Error ? (internal.stack ?? internal.message) : String(internal)}`),
  });
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Sends `json` (already JSON text) with status 200. */
export const sendJson = (reply: FastifyReply, json: string): FastifyReply => reply.code(200).type('application/json; charset=utf-8').send(json);
