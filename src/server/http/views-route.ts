// GET /v1/views and GET /v1/views/:name: the relations, and one relation's rows with filters, order and limit.
import type { FastifyInstance } from 'fastify';
import type { RelationEntry } from '../../catalog/catalog.js';
import { jsonColumn, rowObjectEncoder } from './json-value.js';
import { readRelationPaced, relationEntry } from './relation-read.js';
import { disconnectSignal, relationStatusOf, runnerOf, sendError, sendJson, type RouteContext } from './route-context.js';
import { parseViewQuery, type QueryParameters } from './view-query.js';

/** How the catalog's relation kinds are named in answers. */
export const KIND_NAMES = { table: 'table', source: 'source', view: 'view', materializedView: 'materialized view' } as const;

export function registerViewsRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/v1/views', async (_request, reply) => {
    const relations = context.engine.relations().map((entry) => ({ name: entry.name, kind: KIND_NAMES[entry.kind], columns: visibleColumns(entry) }));
    return sendJson(reply, JSON.stringify({ relations }));
  });

  app.get<{ Params: { name: string }; Querystring: QueryParameters }>('/v1/views/:name', async (request, reply) => {
    try {
      const entry = relationEntry(context.engine, request.params.name);
      const query = parseViewQuery(entry, request.query, { ordering: true });
      const { rows, epoch } = await readRelationPaced(context.engine, runnerOf(context, request), entry, query, disconnectSignal(context, reply));
      const encode = rowObjectEncoder(entry.columns, true);
      const body = { relation: entry.name, epoch, columns: visibleColumns(entry), rows: rows.map(encode) };
      return sendJson(reply, JSON.stringify(body));
    } catch (err) {
      return sendError(context, reply, err, { statusOf: relationStatusOf });
    }
  });
}

export const visibleColumns = (entry: RelationEntry): ReturnType<typeof jsonColumn>[] => entry.columns.filter((column) => !column.hidden).map(jsonColumn);
