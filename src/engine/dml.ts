// INSERT, UPDATE and DELETE on tables: each statement is one epoch of changes.
import type { TableEntry } from '../catalog/catalog.js';
import { runQuery } from '../batch/run-query.js';
import { compileExpr } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { QueryBinder } from '../plan/bind-query.js';
import { coerce } from '../plan/coerce.js';
import { Scope } from '../plan/scope.js';
import type * as ast from '../sql/ast.js';
import { castFunction } from '../types/cast.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { typeDisplayName } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { Row, Value } from '../types/value.js';
import { advanceWatermark, batchCompileOptions, snapshotOf, type EngineState, type TableData } from './engine-state.js';
import type { StatementResult } from './statement-result.js';

interface TargetTable {
  readonly entry: TableEntry;
  readonly data: TableData | undefined;
}

function targetTable(state: EngineState, name: ast.ObjectName): TargetTable {
  const relName = name.parts[name.parts.length - 1]!;
  const entry = state.catalog.get(relName);
  if (!entry) throw new SqlError('undefined_table', `relation "${relName}" does not exist`, { position: name.span.start });
  if (entry.kind !== 'table') {
    throw new SqlError('wrong_object_type', `cannot change ${entry.kind === 'materializedView' ? 'materialized view' : entry.kind} "${relName}"`, { position: name.span.start });
  }
  return { entry, data: state.tables.get(relName) };
}

function tableScope(entry: TableEntry, alias?: string): Scope {
  return new Scope(entry.columns.map((c) => ({ qualifier: alias ?? entry.name, name: c.name, type: c.type, hidden: c.hidden ?? false })));
}

export function insert(state: EngineState, stmt: ast.Insert): StatementResult {
  const { entry, data } = targetTable(state, stmt.table);
  const visible = entry.columns.map((c, i) => ({ c, i })).filter(({ c }) => !c.hidden);
  const targets = stmt.columns
    ? stmt.columns.map((name) => {
        const found = visible.find(({ c }) => c.name === name);
        if (!found) throw new SqlError('undefined_column', `column "${name}" of relation "${entry.name}" does not exist`, { position: stmt.table.span.start });
        return found;
      })
    : visible;
  const binder = new QueryBinder(state.catalog, { streaming: false });
  let values: Value[][];
  const body = stmt.source.body;
  if (body.kind === 'values' && stmt.source.orderBy.length === 0 && !stmt.source.limit) {
    // Bind each VALUES expression against its target column's type, as PostgreSQL does for INSERT.
    const exprBinder = binder.exprBinder(new Scope([]));
    values = body.rows.map((row) => {
      if (row.length > targets.length) throw new SqlError('syntax_error', 'INSERT has more expressions than target columns', { position: row[targets.length]!.span.start });
      return row.map((e, i) => {
        const target = targets[i]!.c;
        const bound = assignmentCast(exprBinder.bind(e), target.type, target.modifier, e.span.start);
        return compileExpr(bound, batchCompileOptions)([]);
      });
    });
  } else {
    const bound = binder.bindQuery(stmt.source, undefined, new Map(), true);
    if (bound.visibleCount > targets.length) throw new SqlError('syntax_error', 'INSERT has more expressions than target columns', { position: stmt.source.span.start });
    if (state.dryRun) return { kind: 'command', tag: 'INSERT 0 0' };
    const casts = bound.plan.columns.slice(0, bound.visibleCount).map((col, i) => {
      const target = targets[i]!.c;
      const expr = assignmentCast({ kind: 'column', index: i, type: col.type }, target.type, target.modifier, stmt.source.span.start);
      return compileExpr(expr, batchCompileOptions);
    });
    values = runQuery(bound, (r) => snapshotOf(state, r), batchCompileOptions).map((row) => casts.map((c) => c(row)));
  }
  if (state.dryRun || !data) return { kind: 'command', tag: `INSERT 0 ${values.length}` };
  const rows = values.map((v) => {
    const row: Row = entry.columns.map(() => null);
    targets.forEach(({ i }, k) => (row[i] = v[k] ?? null));
    return row;
  });
  const inserted = insertRows(state, entry, data, rows);
  return returning(state, stmt.returning, entry, inserted, `INSERT 0 ${inserted.length}`);
}

/**
 * Inserts full rows (hidden row id left NULL) into a table as one epoch; a row whose primary key exists
 * replaces it (upsert, as streaming tables do). Returns the rows stored.
 */
export function insertRows(state: EngineState, entry: TableEntry, data: TableData, rows: readonly Row[]): Row[] {
  const changes: ChangeBatch = { rows: [], weights: [] };
  const inserted: Row[] = [];
  const rowIdIndex = entry.hasUserPrimaryKey ? -1 : entry.primaryKey[0]!;
  // An indexed loop: this runs once per statement or ingested batch, too rarely to be optimized, and an
  // unoptimized for-of allocates an iterator result per row.
  for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
    const row = rows[rowIdx]!;
    if (rowIdIndex >= 0) row[rowIdIndex] = data.nextRowId++;
    checkNotNull(entry, row);
    // A NULL primary key cannot address a row; RisingWave skips such rows, and so do we.
    if (rowIdIndex < 0 && entry.primaryKey.some((k) => row[k] === null)) continue;
    const old = data.store.put(row);
    if (old) {
      if (entry.appendOnly) throw new SqlError('unique_violation', `duplicate key value violates the primary key of append-only table "${entry.name}"`);
      changes.rows.push(old);
      changes.weights.push(-1);
    }
    changes.rows.push(row);
    changes.weights.push(1);
    inserted.push(row);
  }
  state.runtime.runEpoch(new Map([[entry.name, changes]]), advanceWatermark(state, entry.name, inserted));
  return inserted;
}

/**
 * Applies a connector's changes to its table: +1 rows are upserted by primary key (a replaced row is retracted),
 * -1 rows delete the row with their key. Returns the table's change batch for the epoch.
 */
export function applySourceChanges(entry: TableEntry, data: TableData, batch: ChangeBatch): ChangeBatch {
  const changes: ChangeBatch = { rows: [], weights: [] };
  const rowIdIndex = entry.hasUserPrimaryKey ? -1 : entry.primaryKey[0]!;
  for (let i = 0; i < batch.rows.length; i++) {
    const row = rowIdIndex >= 0 ? [...batch.rows[i]!, data.nextRowId++] : batch.rows[i]!;
    if (rowIdIndex < 0 && entry.primaryKey.some((k) => row[k] === null)) continue;
    if (batch.weights[i]! < 0) {
      if (rowIdIndex >= 0) continue;
      const old = data.store.delete(data.store.keyOf(row));
      if (old) {
        changes.rows.push(old);
        changes.weights.push(-1);
      }
      continue;
    }
    const old = data.store.put(row);
    if (old) {
      changes.rows.push(old);
      changes.weights.push(-1);
    }
    changes.rows.push(row);
    changes.weights.push(1);
  }
  return changes;
}

export function assignmentCast(expr: BoundExpr, type: TableEntry['columns'][number]['type'], modifier: TableEntry['columns'][number]['modifier'], position: number): BoundExpr {
  if (expr.type !== 'unknown' && expr.type !== type && !castFunction(expr.type, type)) {
    throw new SqlError('datatype_mismatch', `column is of type ${typeDisplayName(type)} but expression is of type ${typeDisplayName(expr.type)}`, {
      hint: 'You will need to rewrite or cast the expression.',
      position,
    });
  }
  return coerce(expr, type, position, modifier);
}

function checkNotNull(entry: TableEntry, row: Row): void {
  for (const columnIdx of notNullColumns(entry)) {
    if (row[columnIdx] === null) {
      const name = entry.columns[columnIdx]!.name;
      throw new SqlError('not_null_violation', `null value in column "${name}" of relation "${entry.name}" violates not-null constraint`);
    }
  }
}

/** The NOT NULL columns outside the primary key (whose NULLs skip the row instead), found once per table entry. */
const notNullColumnsOf = new WeakMap<TableEntry, readonly number[]>();

function notNullColumns(entry: TableEntry): readonly number[] {
  let columns = notNullColumnsOf.get(entry);
  if (columns === undefined) {
    columns = entry.columns.flatMap((c, columnIdx) => (c.notNull && !entry.primaryKey.includes(columnIdx) ? [columnIdx] : []));
    notNullColumnsOf.set(entry, columns);
  }
  return columns;
}

export function update(state: EngineState, stmt: ast.Update): StatementResult {
  const { entry, data } = targetTable(state, stmt.table);
  if (entry.appendOnly) throw new SqlError('feature_not_supported', `cannot update append-only table "${entry.name}"`, { position: stmt.span.start });
  const scope = tableScope(entry, stmt.alias);
  const binder = new QueryBinder(state.catalog, { streaming: false }).exprBinder(scope);
  const predicate = stmt.where ? compileExpr(coerce(binder.bind(stmt.where), 'boolean', stmt.where.span.start), batchCompileOptions) : undefined;
  const assignments = stmt.assignments.map((a) => {
    const index = entry.columns.findIndex((c) => c.name === a.column && !c.hidden);
    if (index < 0) throw new SqlError('undefined_column', `column "${a.column}" of relation "${entry.name}" does not exist`, { position: a.span.start });
    const col = entry.columns[index]!;
    if (entry.hasUserPrimaryKey && entry.primaryKey.includes(index)) {
      throw new SqlError('feature_not_supported', `cannot update primary key column "${a.column}"`, { hint: 'Delete the row and insert a new one.', position: a.span.start });
    }
    return { index, value: compileExpr(assignmentCast(binder.bind(a.value), col.type, col.modifier, a.span.start), batchCompileOptions) };
  });
  if (state.dryRun || !data) return { kind: 'command', tag: 'UPDATE 0' };
  const changes: ChangeBatch = { rows: [], weights: [] };
  const updated: Row[] = [];
  for (const row of [...data.store.rows()]) {
    if (predicate && predicate(row) !== true) continue;
    const next = row.slice();
    for (const a of assignments) next[a.index] = a.value(row);
    checkNotNull(entry, next);
    data.store.put(next);
    changes.rows.push(row, next);
    changes.weights.push(-1, 1);
    updated.push(next);
  }
  state.runtime.runEpoch(new Map([[entry.name, changes]]));
  return returning(state, stmt.returning, entry, updated, `UPDATE ${updated.length}`, stmt.alias);
}

export function deleteRows(state: EngineState, stmt: ast.Delete): StatementResult {
  const { entry, data } = targetTable(state, stmt.table);
  if (entry.appendOnly) throw new SqlError('feature_not_supported', `cannot delete from append-only table "${entry.name}"`, { position: stmt.span.start });
  const scope = tableScope(entry, stmt.alias);
  const binder = new QueryBinder(state.catalog, { streaming: false }).exprBinder(scope);
  const predicate = stmt.where ? compileExpr(coerce(binder.bind(stmt.where), 'boolean', stmt.where.span.start), batchCompileOptions) : undefined;
  if (state.dryRun || !data) return { kind: 'command', tag: 'DELETE 0' };
  const changes: ChangeBatch = { rows: [], weights: [] };
  for (const row of [...data.store.rows()]) {
    if (predicate && predicate(row) !== true) continue;
    data.store.delete(data.store.keyOf(row));
    changes.rows.push(row);
    changes.weights.push(-1);
  }
  state.runtime.runEpoch(new Map([[entry.name, changes]]));
  return returning(state, stmt.returning, entry, changes.rows, `DELETE ${changes.rows.length}`, stmt.alias);
}

function returning(state: EngineState, items: readonly ast.SelectItem[] | undefined, entry: TableEntry, rows: Row[], tag: string, alias?: string): StatementResult {
  if (!items) return { kind: 'command', tag };
  const scope = tableScope(entry, alias);
  const binder = new QueryBinder(state.catalog, { streaming: false }).exprBinder(scope);
  const columns: { name: string; type: BoundExpr['type']; value: (row: Row) => Value }[] = [];
  for (const item of items) {
    if (item.kind === 'wildcard') {
      for (const index of scope.expandWildcard(undefined, item.span)) {
        const c = entry.columns[index]!;
        columns.push({ name: c.name, type: c.type, value: (row) => row[index] ?? null });
      }
      continue;
    }
    const bound = binder.bind(item.expr);
    const fn = compileExpr(bound, batchCompileOptions);
    const name = item.alias ?? (item.expr.kind === 'identifier' ? item.expr.parts[item.expr.parts.length - 1]! : '?column?');
    columns.push({ name, type: bound.type === 'unknown' ? 'varchar' : bound.type, value: fn });
  }
  return {
    kind: 'rows',
    tag,
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    rows: rows.map((row) => columns.map((c) => c.value(row))),
  };
}
