// EXPLAIN CREATE SINK: the sink with its options (secrets masked) over the plan of what it reads.
import type { ReadAccess } from '../catalog/read-access.js';
import { checkGrant, scopePredicate } from '../plan/bind-access.js';
import { QueryBinder } from '../plan/bind-query.js';
import { explainPlan } from '../plan/explain.js';
import { optimize } from '../plan/optimize.js';
import type { PlanNode } from '../plan/plan-node.js';
import type * as ast from '../sql/ast.js';
import { quoteString } from '../sql/print-expr.js';
import { isSecretOptionKey, maskPasswords, SECRET_MASK } from '../sql/secret-mask.js';
import { SqlError } from '../types/error.js';
import { streamPlan } from './ddl.js';
import type { EngineState } from './engine-state.js';

/** The lines of EXPLAIN CREATE SINK; nothing is created and no connector is needed. */
export function explainSink(state: EngineState, stmt: ast.CreateSink, access: ReadAccess | undefined): string[] {
  const name = stmt.name.parts.join('.');
  const options = stmt.with.map((o) => `${o.key} = ${quoteString(isSecretOptionKey(o.key) ? SECRET_MASK : maskPasswords(o.value))}`);
  const format = stmt.format ? `, format: ${stmt.format.format.toUpperCase()} ENCODE ${stmt.format.encode.toUpperCase()}` : '';
  return explainPlan(optimize(sinkInput(state, stmt, access)), `StreamSink { name: ${name}, options: (${options.join(', ')})${format} }`);
}

function sinkInput(state: EngineState, stmt: ast.CreateSink, access: ReadAccess | undefined): PlanNode {
  if (stmt.query) return streamPlan(new QueryBinder(state.catalog, { streaming: true, access }).bindQuery(stmt.query, undefined, new Map()), stmt.span.start);
  if (!stmt.from) throw new SqlError('syntax_error', 'CREATE SINK needs FROM relation or AS query', { position: stmt.span.start });
  const relation = stmt.from.parts[stmt.from.parts.length - 1]!;
  const entry = state.catalog.relation(relation);
  if (!entry) throw new SqlError('undefined_table', `relation "${relation}" does not exist`, { position: stmt.from.span.start });
  if (access) checkGrant(access, entry, stmt.from.span.start);
  const rowFilter = access && scopePredicate(access, entry, stmt.from.span.start);
  const columns = entry.columns.map((c) => ({ name: c.name, type: c.type, hidden: c.hidden }));
  return rowFilter ? { kind: 'scan', relation, columns, rowFilter } : { kind: 'scan', relation, columns };
}
