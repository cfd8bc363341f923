// POST /v1/sql: runs a script of statements and returns each one's result.
import type { FastifyInstance } from 'fastify';
import type { StatementResult } from '../../engine/statement-result.js';
import { HttpError } from './http-error.js';
import { jsonColumn, jsonValue } from './json-value.js';
import { mediaTypeOf } from './media-type.js';
import { disconnectSignal, runnerOf, sendError, sendJson, type RouteContext } from './route-context.js';

/**
 * The body is `{"sql": "..."}` (application/json) or the SQL itself (text/plain, application/sql). The answer
 * is `{"epoch": N, "results": [...]}`, one result per statement: `{"command": tag}`, plus `columns` and
 * `rows` (arrays in column order) for statements that return rows. Statements run in order and each applies as
 * it runs; the first error stops the script and is the answer (400), its position counted in the request's SQL.
 * A client that disconnects stops the statement running then, and the ones after it.
 */
export function registerSqlRoute(app: FastifyInstance, context: RouteContext): void {
  app.post('/v1/sql', async (request, reply) => {
    let sql: string | undefined;
    try {
      sql = sqlOf(request.headers['content-type'], request.body);
      const results = await runnerOf(context, request).execute(sql, { signal: disconnectSignal(context, reply) });
      return sendJson(reply, `{"epoch":${context.engine.epoch},"results":[${results.map(resultJson).join(',')}]}`);
    } catch (err) {
      return sendError(context, reply, err, { sql });
    }
  });
}

function sqlOf(contentType: string | undefined, body: unknown): string {
  if (typeof body !== 'string') throw new HttpError(400, '08P01', 'the request has no body', undefined, 'Send {"sql": "..."} as application/json.');
  if (mediaTypeOf(contentType) !== 'application/json') return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new HttpError(400, '22P02', `invalid JSON in request body: ${(err as Error).message}`);
  }
  const sql = (parsed as { sql?: unknown } | null)?.sql;
  if (typeof sql !== 'string') throw new HttpError(400, '08P01', 'the request body must be a JSON object with a "sql" string');
  return sql;
}

function resultJson(result: StatementResult): string {
  const notices = result.kind === 'command' && result.notices?.length ? result.notices : undefined;
  if (result.kind === 'command') return JSON.stringify({ command: result.tag, notices });
  const types = result.columns.map((column) => column.type);
  const rows = result.rows.map((row) => row.map((value, columnIdx) => jsonValue(types[columnIdx]!, value)));
  return JSON.stringify({ command: result.tag, columns: result.columns.map(jsonColumn), rows });
}
