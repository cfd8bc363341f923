// The text of a view's query as pg_get_viewdef, pg_views and information_schema.views show it.
import { printQuery } from '../../sql/print-query.js';
import type { CatalogEntry } from '../catalog.js';

/**
 * The query of a view or materialized view printed back from its parse tree, ending in a semicolon and starting
 * with a blank as PostgreSQL's pg_get_viewdef does (psql indents the view definition with it); undefined for other
 * objects.
 */
export function viewDefinition(entry: CatalogEntry): string | undefined {
  if (entry.kind !== 'view' && entry.kind !== 'materializedView') return undefined;
  return ` ${printQuery(entry.query)};`;
}
