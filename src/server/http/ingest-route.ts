// POST /v1/ingest/:source: a JSON array or JSON lines of events into an http source or table.
import type { FastifyInstance } from 'fastify';
import { SQLSTATE } from '../pg-wire/sqlstate.js';
import { HttpError } from './http-error.js';
import { ingestBody } from './http-ingest.js';
import { mediaTypeOf } from './media-type.js';
import { relationStatusOf, sendError, sendJson, type RouteContext } from './route-context.js';

/** At most this many rejected records are listed; the count says how many there were. */
const MAX_LISTED = 100;

/**
 * Answers `{"ingested": n, "epoch": N}` once the rows are in (and, with a data directory, in a committed
 * checkpoint); or 400 with every record that did not decode (`{"error": ..., "records": [{line, record,
 * error}]}`), in which case nothing was ingested.
 */
export function registerIngestRoute(app: FastifyInstance, context: RouteContext): void {
  app.post<{ Params: { source: string } }>('/v1/ingest/:source', async (request, reply) => {
    try {
      if (typeof request.body !== 'string') throw new HttpError(400, '08P01', 'the request has no body');
      const source = request.params.source;
      const result = ingestBody(context.engine, source, mediaTypeOf(request.headers['content-type']), request.body);
      if (result.kind === 'ingested') {
        context.metrics.recordPushed(source, result.rows);
        return sendJson(reply, JSON.stringify({ ingested: result.rows, epoch: result.epoch }));
      }
      const count = result.records.length;
      context.httpMetrics.recordsRejected(source, count);
      const error = {
        code: SQLSTATE.invalid_text_representation,
        message: `${count} of ${result.total} records could not be decoded`,
        detail: 'Nothing was ingested.',
        hint: count > MAX_LISTED ? `The first ${MAX_LISTED} are listed.` : undefined,
      };
      return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify({ error, records: result.records.slice(0, MAX_LISTED) }));
    } catch (err) {
      return sendError(context, reply, err, { statusOf: relationStatusOf });
    }
  });
}
