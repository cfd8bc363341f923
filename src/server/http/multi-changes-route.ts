// GET /v1/changes?view=a&view=b: several relations' rows and changes on one Server-Sent Events stream.
import type { FastifyInstance } from 'fastify';
import { SqlError } from '../../types/error.js';
import { startStream } from './changes-route.js';
import { HttpError, errorResponse } from './http-error.js';
import { rowObjectEncoder } from './json-value.js';
import { readRelation, relationEntry } from './relation-read.js';
import { relationStatusOf, runnerOf, sendError, type RouteContext } from './route-context.js';
import { SseStream } from './sse-stream.js';
import { parseViewQuery } from './view-query.js';
import { visibleColumns } from './views-route.js';

/** Relations one stream may follow: a dashboard's worth. */
const MAX_VIEWS = 64;

/**
 * One stream for many relations, for clients that may hold few connections (a browser keeps six per server over
 * HTTP/1.1). Events carry the relation's name as `view`: `snapshot` `{view, epoch, columns, rows}` for each relation
 * that can be followed, all of one epoch; `unavailable` `{view, status, error}` for each that cannot (404: it does
 * not exist, 403: the user may not read it); then `changes` `{view, epoch, inserts, deletes}`, `ended` `{view,
 * error}` when a relation is dropped (the others go on), `heartbeat`, and a last `error` as on the one-view stream.
 */
export function registerMultiChangesRoute(app: FastifyInstance, context: RouteContext): void {
  app.get<{ Querystring: { view?: string | string[] } }>('/v1/changes', async (request, reply) => {
    const names = [...new Set([request.query.view ?? []].flat())];
    if (names.length === 0 || names.length > MAX_VIEWS) {
      return sendError(context, reply, new HttpError(400, '22023', `a change stream follows 1 to ${MAX_VIEWS} relations, not ${names.length}`, undefined, 'Name them as ?view=a&view=b.'));
    }
    const engine = context.engine;
    const runner = runnerOf(context, request);
    const stream = new SseStream(reply.raw, context.sse, () => context.httpMetrics.streamDropped());
    const tagged = (name: string, json: string): string => `{"view":${JSON.stringify(name)},${json.slice(1)}`;
    // Every subscription and snapshot in one turn: no epoch can run between them, so all snapshots share an epoch.
    for (const name of names) {
      try {
        const entry = relationEntry(engine, name);
        if (entry.kind === 'view') throw new SqlError('feature_not_supported', `cannot follow the changes of view "${entry.name}": it is not materialized`);
        const filter = runner.rowFilter?.(entry.name);
        const { rows, epoch } = readRelation(engine, runner, entry, parseViewQuery(entry, {}, { ordering: false }));
        const unsubscribe = context.feeds.subscribe(entry, {
          filter,
          changes: (data, changeEpoch) => stream.send({ event: 'changes', id: String(changeEpoch), data: tagged(name, data) }),
          ended: (reason) => stream.send({ event: 'ended', data: JSON.stringify({ view: name, error: { code: '42P01', message: reason } }) }),
        });
        stream.onClose(unsubscribe);
        const encode = rowObjectEncoder(entry.columns, true);
        stream.send({ event: 'snapshot', id: String(epoch), data: JSON.stringify({ view: name, epoch, columns: visibleColumns(entry), rows: rows.map(encode) }) }, { initial: true });
      } catch (err) {
        const { status, body } = errorResponse(err, {
          statusOf: relationStatusOf,
          onInternalError: (internal) => context.log(`http: internal error: ${internal instanceof Error ? (internal.stack ?? internal.message) : String(internal)}`),
        });
        stream.send({ event: 'unavailable', data: JSON.stringify({ view: name, status, ...body }) }, { initial: true });
      }
    }
    startStream(context, reply, stream);
  });
}
