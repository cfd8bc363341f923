// Flink's `insert into t select ...`: a continuous job that keeps writing a query's changes into a table.
import type { TableEntry } from '../catalog/catalog.js';
import { literal, type BoundExpr } from '../expr/expr.js';
import { project, type PlanColumn } from '../plan/plan-node.js';
import type * as ast from '../sql/ast.js';
import type { JobTarget } from '../stream/runtime.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { SqlError } from '../types/error.js';
import type { Row } from '../types/value.js';
import { bindViewQuery, dependenciesOf, startJob, streamPlan } from './ddl.js';
import { applySourceChanges, assignmentCast } from './dml.js';
import type { EngineState, TableData } from './engine-state.js';
import { SinkBuffer } from './sink-buffer.js';
import type { StatementResult } from './statement-result.js';

/**
 * In the Flink dialect `insert into t select ...` starts a job, as a Flink job does: the query is maintained and
 * its changes are written into `t` (upserted by `t`'s primary key; appended when it has none), and from there
 * reach `t`'s sink and the views over `t`. The job is a catalog object of its own (kind sink, named
 * `insert_into_<t>`), kept and restored with the catalog like a materialized view.
 */
export function createInsertJob(state: EngineState, stmt: ast.Insert, text: string): StatementResult {
  const tableName = stmt.table.parts[stmt.table.parts.length - 1]!;
  const entry = state.catalog.get(tableName);
  if (!entry) throw new SqlError('undefined_table', `relation "${tableName}" does not exist`, { position: stmt.table.span.start });
  if (entry.kind !== 'table') throw new SqlError('wrong_object_type', `cannot insert into ${entry.kind} "${tableName}"`, { position: stmt.table.span.start });
  const bound = bindViewQuery(state, stmt.source, true);
  const dependsOn = dependenciesOf(bound.plan);
  if (dependsOn.includes(tableName)) {
    throw new SqlError('feature_not_supported', `a continuous insert into "${tableName}" cannot read "${tableName}"`, { position: stmt.source.span.start });
  }
  const visible = entry.columns.flatMap((column, columnIdx) => (column.hidden ? [] : [{ column, columnIdx }]));
  const targets = stmt.columns
    ? stmt.columns.map((columnName) => {
        const found = visible.find(({ column }) => column.name === columnName);
        if (!found) throw new SqlError('undefined_column', `column "${columnName}" of relation "${tableName}" does not exist`, { position: stmt.table.span.start });
        return found;
      })
    : visible;
  if (bound.visibleCount !== targets.length) {
    throw new SqlError('syntax_error', `INSERT has ${bound.visibleCount > targets.length ? 'more' : 'fewer'} expressions than target columns`, { position: stmt.source.span.start });
  }
  const plan = streamPlan(bound, stmt.span.start);
  // The job's rows have the table's visible columns in order; columns not inserted into are NULL.
  const exprs: BoundExpr[] = visible.map(({ column }) => {
    const source = targets.findIndex((t) => t.column === column);
    if (source < 0) return literal(null, column.type);
    return assignmentCast({ kind: 'column', index: source, type: plan.columns[source]!.type }, column.type, column.modifier, stmt.source.span.start);
  });
  const columns: PlanColumn[] = visible.map(({ column }) => ({ name: column.name, type: column.type }));
  const name = jobName(state, tableName);
  state.catalog.add({ kind: 'sink', name, definition: text, dependsOn: [...dependsOn, tableName], options: new Map() });
  const data = state.tables.get(tableName);
  if (!state.dryRun && data) {
    try {
      startJob(state, name, project(plan, exprs, columns), tableTarget(entry, data));
    } catch (err) {
      state.catalog.remove(name);
      throw err;
    }
  }
  return { kind: 'command', tag: 'INSERT 0 0', notices: [`continuous job "${name}" writes into "${tableName}"`] };
}

function jobName(state: EngineState, table: string): string {
  const base = `insert_into_${table}`;
  let name = base;
  for (let suffix = 2; state.catalog.has(name); suffix++) name = `${base}_${suffix}`;
  return name;
}

/**
 * Writes a job's changes into its table: netted per primary key first (a batch may retract a key's old row after
 * inserting its new one), then applied as a connector's changes are.
 */
function tableTarget(entry: TableEntry, data: TableData): JobTarget {
  const visibleTypes = entry.columns.filter((c) => !c.hidden).map((c) => c.type);
  const buffer = new SinkBuffer(visibleTypes, entry.hasUserPrimaryKey ? entry.primaryKey : undefined);
  return {
    relation: entry.name,
    apply(changes: ChangeBatch): ChangeBatch {
      buffer.add(changes);
      const rows: Row[] = [];
      const weights: number[] = [];
      for (const { before, after } of buffer.seal()) {
        rows.push((after ?? before)!);
        weights.push(after ? 1 : -1);
      }
      return applySourceChanges(entry, data, { rows, weights });
    },
  };
}
