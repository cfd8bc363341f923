// GET /v1/views/:name/changes: a relation's rows, then its changes as each epoch commits, as Server-Sent Events.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SqlError } from '../../types/error.js';
import { rowObjectEncoder } from './json-value.js';
import { readRelation, relationEntry } from './relation-read.js';
import { relationStatusOf, runnerOf, sendError, type RouteContext } from './route-context.js';
import { bothFilters, rowFilter } from './row-filter.js';
import { SseStream } from './sse-stream.js';
import { parseViewQuery, type QueryParameters } from './view-query.js';
import { visibleColumns } from './views-route.js';

/**
 * Events: `snapshot` `{epoch, columns, rows}` first, then `changes` `{epoch, inserts, deletes}` for each epoch
 * that changed the relation's rows (after the snapshot's epoch, none missed, none twice; a client applies the
 * deletes, then the inserts), `heartbeat` `{epoch}` every heartbeat interval, and a last `error` event when the
 * stream ends on the server's side (the client fell behind, the relation was dropped). Column filters of the
 * view endpoint apply to the snapshot and to every change.
 */
export function registerChangesRoute(app: FastifyInstance, context: RouteContext): void {
  app.get<{ Params: { name: string }; Querystring: QueryParameters }>('/v1/views/:name/changes', async (request, reply) => {
    const engine = context.engine;
    const stream = new SseStream(reply.raw, context.sse, () => context.httpMetrics.streamDropped());
    try {
      const entry = relationEntry(engine, request.params.name);
      if (entry.kind === 'view') {
        throw new SqlError('feature_not_supported', `cannot follow the changes of view "${entry.name}": it is not materialized`, {
          hint: 'Create it as a MATERIALIZED VIEW: its changes are computed as each epoch commits.',
        });
      }
      const query = parseViewQuery(entry, request.query, { ordering: false });
      const runner = runnerOf(context, request);
      // Subscribing and reading the snapshot in one turn: no epoch can run between them.
      const unsubscribe = context.feeds.subscribe(entry, {
        filter: bothFilters(runner.rowFilter?.(entry.name), rowFilter(query.filters)),
        changes: (data, epoch) => stream.send({ event: 'changes', id: String(epoch), data }),
        ended: (reason) => stream.end({ event: 'error', data: JSON.stringify({ error: { code: '42P01', message: reason } }) }),
      });
      stream.onClose(unsubscribe);
      const { rows, epoch } = readRelation(engine, runner, entry, query);
      const encode = rowObjectEncoder(entry.columns, true);
      const snapshot = JSON.stringify({ epoch, columns: visibleColumns(entry), rows: rows.map(encode) });
      stream.send({ event: 'snapshot', id: String(epoch), data: snapshot }, { initial: true });
    } catch (err) {
      stream.abandon();
      return sendError(context, reply, err, { statusOf: relationStatusOf });
    }
    startStream(context, reply, stream);
  });
}

/** Takes the response over for `stream`: opens it, sends heartbeats, and ends it with the server. */
export function startStream(context: RouteContext, reply: FastifyReply, stream: SseStream): void {
  reply.hijack();
  stream.open();
  context.streams.add(stream);
  const heartbeat = setInterval(() => {
    context.feeds.checkRelations();
    stream.send({ event: 'heartbeat', data: `{"epoch":${context.engine.epoch}}` });
  }, context.sse.heartbeatMs);
  heartbeat.unref();
  stream.onClose(() => {
    clearInterval(heartbeat);
    context.streams.delete(stream);
  });
}
