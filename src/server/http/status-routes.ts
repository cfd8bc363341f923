// GET /health and GET /metrics.
import type { FastifyInstance } from 'fastify';
import { sendJson, type RouteContext } from './route-context.js';

export function registerStatusRoutes(app: FastifyInstance, context: RouteContext): void {
  /** Answers while the server runs: the last epoch, and the last failure of the barrier loop (null if none). */
  app.get('/health', async (_request, reply) => {
    const engine = context.engine;
    return sendJson(reply, JSON.stringify({ status: 'ok', epoch: engine.epoch, lastEpochError: engine.lastEpochError ?? null }));
  });

  /** The Prometheus text exposition of the engine's and the server's metrics. */
  app.get('/metrics', async (_request, reply) => {
    const text = await context.metrics.text();
    return reply.code(200).type(context.metrics.contentType).send(text);
  });
}
