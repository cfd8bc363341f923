// What the HTTP API's routes share: the engine, the live change feeds, metrics, settings and the error reply.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine/engine.js';
import type { ErrorCondition } from '../../types/error.js';
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
}

/** What `request`'s statements run through: its user's session when authentication set one, else the engine. */
export const runnerOf = (context: RouteContext, request: FastifyRequest): RequestRunner => context.runners.get(request) ?? context.engineRunner;

/** Statuses of conditions on every route: reading what the user may not is 403. */
export const statusOf = (condition: ErrorCondition): number | undefined => (condition === 'insufficient_privilege' ? 403 : undefined);

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
