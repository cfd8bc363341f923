// CREATE and DROP statements.
import type { CatalogEntry, ColumnInfo, TableEntry, WatermarkInfo } from '../catalog/catalog.js';
import { kindName } from '../catalog/catalog.js';
import { QueryBinder, type BoundQuery } from '../plan/bind-query.js';
import { planInputs, project, type PlanNode } from '../plan/plan-node.js';
import { optimize } from '../plan/optimize.js';
import { rewriteTemporal } from '../plan/rewrite-temporal.js';
import { TEMPORAL_FUNCTIONS, volatileCalls } from '../plan/volatility.js';
import type * as ast from '../sql/ast.js';
import { TableStore } from '../storage/table-store.js';
import { buildDataflow } from '../stream/build-dataflow.js';
import type { JobTarget } from '../stream/runtime.js';
import { keyEncoder } from '../types/key.js';
import { SqlError } from '../types/error.js';
import { resolveTypeName } from '../types/type-name.js';
import { currentWatermarks, snapshotOf, viewCompileOptions, type EngineState } from './engine-state.js';
import { compileExpr } from '../expr/compile.js';
import { Scope } from '../plan/scope.js';
import type { StatementResult } from './statement-result.js';
import type { SourceSpec } from '../stream/source.js';
import type { SinkSpec } from '../stream/sink.js';
import { TABLE_STATE_ID } from './checkpointer.js';
import { SINK_LOG_ID } from './sink-runner.js';

const ROW_ID = '_row_id';

const command = (tag: string, notices?: string[]): StatementResult => ({ kind: 'command', tag, notices });

function objectName(name: ast.ObjectName): string {
  return name.parts[name.parts.length - 1]!;
}

function optionsMap(options: readonly ast.WithOption[]): Map<string, string> {
  return new Map(options.map((o) => [o.key, o.value]));
}

function bindColumns(columns: readonly ast.ColumnDef[]): ColumnInfo[] {
  const seen = new Set<string>();
  return columns.map((c) => {
    if (seen.has(c.name)) throw new SqlError('duplicate_column', `column "${c.name}" specified more than once`, { position: c.span.start });
    seen.add(c.name);
    const { type, modifier } = resolveTypeName(c.type.name, c.type.modifiers, c.type.isArray);
    return { name: c.name, type, modifier, notNull: c.notNull || c.primaryKey };
  });
}

function primaryKeyOf(stmt: { columns: readonly ast.ColumnDef[]; primaryKey: readonly string[]; span: ast.Span }, columns: readonly ColumnInfo[]): number[] {
  const names = [...stmt.columns.filter((c) => c.primaryKey).map((c) => c.name), ...stmt.primaryKey];
  return names.map((n) => {
    const index = columns.findIndex((c) => c.name === n);
    if (index < 0) throw new SqlError('undefined_column', `column "${n}" named in key does not exist`, { position: stmt.span.start });
    return index;
  });
}

/** The row id after the largest one of a restored table without a primary key (`_row_id` is the column after `width`). */
function nextRowIdAfter(store: TableStore, width: number): bigint {
  let last = 0n;
  for (const row of store.rows()) {
    const rowId = row[width] as bigint;
    if (rowId > last) last = rowId;
  }
  return last + 1n;
}

/**
 * Sources whose events are pushed in through the engine (`Engine.ingest`) rather than pulled by a connector:
 * `http` (the server's ingest endpoint is its transport).
 */
const PUSH_CONNECTORS = new Set(['http']);

/** Connector-backed tables and sources are planned here; their connectors run in the streaming runtime. */
function connectorOf(options: Map<string, string>): string | undefined {
  return options.get('connector') ?? options.get('connector.type');
}

function sourceSpec(name: string, columns: readonly ColumnInfo[], options: Map<string, string>, format: ast.FormatSpec | undefined, primaryKey: readonly number[]): SourceSpec {
  return {
    name,
    columns,
    options,
    primaryKey,
    format: format && { format: format.format.toLowerCase(), encode: format.encode.toLowerCase(), options: optionsMap(format.options) },
  };
}

function checkNotExists(state: EngineState, name: string, ifNotExists: boolean, position: number): boolean {
  if (!state.catalog.has(name)) return true;
  if (ifNotExists) return false;
  throw new SqlError('duplicate_table', `relation "${name}" already exists`, { position });
}

function connectorUnavailable(kind: string, connector: string, position: number): SqlError {
  return new SqlError('feature_not_supported', `${kind} connector "${connector}" is not available in this build`, {
    detail: 'Tally plans and checks the statement, but cannot run this connector yet.',
    position,
  });
}

/**
 * Checks `WATERMARK FOR col AS expr` (one per relation; expr a timestamp over the row) and, when running,
 * starts tracking it. `columns` are all the relation's columns, hidden ones included.
 */
function declareWatermark(state: EngineState, relation: string, defs: readonly ast.WatermarkDef[], columns: readonly ColumnInfo[]): WatermarkInfo | undefined {
  if (defs.length === 0) return undefined;
  const def = defs[0]!;
  if (defs.length > 1) throw new SqlError('feature_not_supported', 'only one WATERMARK per relation is supported', { position: defs[1]!.span.start });
  const column = columns.findIndex((c) => c.name === def.column);
  if (column < 0) throw new SqlError('undefined_column', `column "${def.column}" named in WATERMARK does not exist`, { position: def.span.start });
  const scope = new Scope(columns.map((c) => ({ qualifier: relation, name: c.name, type: c.type, hidden: c.hidden ?? false })));
  const bound = new QueryBinder(state.catalog, { streaming: true }).exprBinder(scope).bind(def.expr);
  if (bound.type !== 'timestamp' && bound.type !== 'timestamptz') {
    throw new SqlError('datatype_mismatch', `WATERMARK expression must be a timestamp, not ${bound.type}`, { position: def.expr.span.start });
  }
  if (!state.dryRun) state.watermarks.set(relation, { compute: compileExpr(bound, viewCompileOptions(state)), value: state.restoring?.watermark(relation) });
  return { column, expr: def.expr };
}

export function createTable(state: EngineState, stmt: ast.CreateTable, text: string): StatementResult {
  const name = objectName(stmt.name);
  if (!checkNotExists(state, name, stmt.ifNotExists, stmt.name.span.start)) return command('CREATE_TABLE', [`relation "${name}" already exists, skipping`]);
  if (stmt.asQuery) throw new SqlError('feature_not_supported', 'CREATE TABLE AS is not supported', { position: stmt.span.start });
  const columns = bindColumns(stmt.columns);
  const userKey = primaryKeyOf(stmt, columns);
  const options = optionsMap(stmt.with);
  const connector = connectorOf(options);
  // A table whose connector only writes (Flink's jdbc result tables) keeps its rows and sinks them.
  const sunk = connector !== undefined && !state.dryRun && !state.sources.has(connector) && state.sinks.has(connector);
  const pulled = connector !== undefined && !state.dryRun && !PUSH_CONNECTORS.has(connector) && !sunk;
  if (pulled && !state.sources.has(connector)) throw connectorUnavailable('table', connector, stmt.span.start);
  const format = stmt.format?.format.toLowerCase();
  if (format && format !== 'plain' && userKey.length === 0) {
    throw new SqlError('invalid_parameter_value', `FORMAT ${format.toUpperCase()} needs a PRIMARY KEY on the table`, { position: stmt.format!.span.start });
  }

  const allColumns = userKey.length > 0 ? columns : [...columns, { name: ROW_ID, type: 'int8' as const, hidden: true }];
  const primaryKey = userKey.length > 0 ? userKey : [columns.length];
  const watermark = declareWatermark(state, name, stmt.watermarks, allColumns);
  const entry: TableEntry = {
    kind: 'table',
    name,
    columns: allColumns,
    definition: text,
    dependsOn: [],
    primaryKey,
    hasUserPrimaryKey: userKey.length > 0,
    appendOnly: stmt.appendOnly,
    options,
    watermark,
  };
  const spec = sunk ? sinkSpec(name, columns, options, stmt.format, entry, stmt.span.start) : undefined;
  state.catalog.add(entry);
  if (!state.dryRun) {
    const encode = keyEncoder(allColumns.map((c) => c.type), primaryKey);
    const store = new TableStore(encode);
    let nextRowId = 1n;
    if (state.restoring) {
      store.restore(state.restoring.entries(name, TABLE_STATE_ID));
      if (userKey.length === 0) nextRowId = nextRowIdAfter(store, columns.length);
    }
    if (state.checkpoints) store.enableCheckpoints();
    state.tables.set(name, { store, nextRowId });
  }
  if (pulled) state.sources.attach(connector, sourceSpec(name, columns, options, stmt.format, userKey), state.restoring?.position(name));
  if (spec) {
    try {
      state.sinks.attach(connector!, spec, name, columns.map((c) => c.type), state.restoring?.entries(name, SINK_LOG_ID));
    } catch (err) {
      state.catalog.remove(name);
      state.tables.delete(name);
      throw err;
    }
  }
  return command('CREATE_TABLE');
}

export function createSource(state: EngineState, stmt: ast.CreateSource, text: string): StatementResult {
  const name = objectName(stmt.name);
  if (!checkNotExists(state, name, stmt.ifNotExists, stmt.name.span.start)) return command('CREATE_SOURCE', [`relation "${name}" already exists, skipping`]);
  const columns = bindColumns(stmt.columns);
  const options = optionsMap(stmt.with);
  const connector = connectorOf(options);
  if (!connector) {
    throw new SqlError('invalid_parameter_value', 'missing option "connector" in CREATE SOURCE', { hint: "Add WITH (connector = 'kafka', ...).", position: stmt.span.start });
  }
  const pulled = !state.dryRun && !PUSH_CONNECTORS.has(connector);
  if (pulled && !state.sources.has(connector)) throw connectorUnavailable('source', connector, stmt.span.start);
  const format = stmt.format?.format.toLowerCase();
  if (format && format !== 'plain') {
    throw new SqlError('feature_not_supported', `FORMAT ${format.toUpperCase()} needs a TABLE with a PRIMARY KEY, not a SOURCE`, {
      hint: `Use CREATE TABLE ... (..., PRIMARY KEY (...)) WITH (connector = '${connector}', ...) FORMAT ${format.toUpperCase()} ...: updates and deletes address rows by key.`,
      position: stmt.format!.span.start,
    });
  }
  const spec = sourceSpec(name, columns, options, stmt.format, []);
  if (pulled) state.sources.attach(connector, spec, state.restoring?.position(name));
  state.catalog.add({
    kind: 'source',
    name,
    columns,
    definition: text,
    dependsOn: [],
    options,
    format: stmt.format && { format: stmt.format.format, encode: stmt.format.encode },
    watermark: declareWatermark(state, name, stmt.watermarks, columns),
  });
  return command('CREATE_SOURCE');
}

/** Binds a view's query; names the output columns (explicit list first). */
export function bindViewQuery(state: EngineState, query: ast.Query, streaming: boolean): BoundQuery {
  const binder = new QueryBinder(state.catalog, { streaming });
  return binder.bindQuery(query, undefined, new Map(), !streaming);
}

function viewColumns(bound: BoundQuery, names: readonly string[] | undefined, position: number): ColumnInfo[] {
  const visible = bound.plan.columns.slice(0, bound.visibleCount);
  if (names && names.length > visible.length) {
    throw new SqlError('syntax_error', 'CREATE VIEW specifies more column names than columns', { position });
  }
  return visible.map((c, i) => ({ name: names?.[i] ?? c.name, type: c.type }));
}

/** Relations a plan scans. */
export function dependenciesOf(plan: PlanNode): string[] {
  const out = new Set<string>();
  const visit = (node: PlanNode): void => {
    if (node.kind === 'scan') out.add(node.relation);
    planInputs(node).forEach(visit);
  };
  visit(plan);
  return [...out];
}

export function createView(state: EngineState, stmt: ast.CreateView, text: string): StatementResult {
  const name = objectName(stmt.name);
  const tag = stmt.materialized ? 'CREATE_MATERIALIZED_VIEW' : 'CREATE_VIEW';
  if (stmt.orReplace && !stmt.materialized && state.catalog.get(name)?.kind === 'view') {
    state.catalog.remove(name);
  }
  if (!checkNotExists(state, name, stmt.ifNotExists, stmt.name.span.start)) return command(tag, [`relation "${name}" already exists, skipping`]);
  const bound = bindViewQuery(state, stmt.query, stmt.materialized);
  const columns = viewColumns(bound, stmt.columns, stmt.span.start);
  const dependsOn = [...dependenciesOf(bound.plan), ...viewReferences(stmt.query, state)];
  if (!stmt.materialized) {
    state.catalog.add({ kind: 'view', name, columns, definition: text, dependsOn: [...new Set(dependsOn)], query: stmt.query });
    return command(tag);
  }
  const plan = streamPlan(bound, stmt.span.start);
  state.catalog.add({ kind: 'materializedView', name, columns, definition: text, dependsOn: [...new Set(dependsOn)], query: stmt.query });
  if (!state.dryRun) {
    try {
      startJob(state, name, plan);
    } catch (err) {
      state.catalog.remove(name);
      throw err;
    }
  }
  return command(tag);
}

/** The stream plan of a view's or sink's query: only what it selects, clock functions made temporal, checked. */
export function streamPlan(bound: BoundQuery, position: number): PlanNode {
  // Sort keys that are not selected were added as hidden columns; a view keeps only what it selects.
  const visible = bound.plan.columns.slice(0, bound.visibleCount);
  const plan = optimize(rewriteTemporal(project(bound.plan, visible.map((c, i) => ({ kind: 'column', index: i, type: c.type })), visible)));
  refuseVolatile(plan, position);
  return plan;
}

/**
 * Starts the dataflow of a materialized view, a sink's query or an insert job (`into`): backfilled, or restored
 * from a checkpoint.
 */
export function startJob(state: EngineState, name: string, plan: PlanNode, into?: JobTarget): void {
  const dataflow = buildDataflow(plan, viewCompileOptions(state));
  const restoring = state.restoring;
  if (restoring) state.runtime.restoreView(name, dataflow, (operatorId) => restoring.entries(name, operatorId), currentWatermarks(state), into);
  else state.runtime.addView(name, dataflow, (relation) => snapshotOf(state, relation, 'backfill'), currentWatermarks(state), into);
}

/**
 * A view re-evaluates expressions when rows change: a function with another value at that time (random())
 * would retract rows that were never inserted. Clock functions are fine where the temporal rewrite moved them
 * into a time-driven projection (WHERE, SELECT, aggregate FILTER and arguments); anywhere else they are not.
 */
function refuseVolatile(plan: PlanNode, position: number): void {
  for (const name of volatileCalls(plan)) {
    if (TEMPORAL_FUNCTIONS.has(name)) {
      throw new SqlError('feature_not_supported', `${name.toUpperCase()}() is not supported in this part of a materialized view`, {
        detail: 'Clock functions are maintained in WHERE conditions, select expressions and aggregate FILTER clauses.',
        position,
      });
    }
    throw new SqlError('feature_not_supported', `volatile function ${name}() cannot be used in a materialized view`, {
      detail: 'A maintained view must compute the same value for a row when it is inserted and when it is retracted.',
      position,
    });
  }
}

/** Plain views are inlined when bound; record them as dependencies too, for DROP. */
function viewReferences(query: ast.Query, state: EngineState): string[] {
  const names = new Set<string>();
  JSON.stringify(query, (key, value: unknown) => {
    if (key === 'name' && value && typeof value === 'object' && 'parts' in value) {
      const parts = (value as ast.ObjectName).parts;
      const entry = state.catalog.get(parts[parts.length - 1]!);
      if (entry && entry.kind !== 'sink') names.add(entry.name);
    }
    return value;
  });
  return [...names];
}

export function createSink(state: EngineState, stmt: ast.CreateSink, text: string): StatementResult {
  const name = objectName(stmt.name);
  if (!checkNotExists(state, name, stmt.ifNotExists, stmt.name.span.start)) return command('CREATE_SINK', [`sink "${name}" already exists, skipping`]);
  const options = optionsMap(stmt.with);
  const connector = connectorOf(options);
  if (!connector) throw new SqlError('invalid_parameter_value', 'missing option "connector" in CREATE SINK', { position: stmt.span.start });
  if (!state.dryRun && !state.sinks.has(connector)) throw connectorUnavailable('sink', connector, stmt.span.start);
  let dependsOn: string[];
  let relation: string;
  let columns: readonly ColumnInfo[];
  let plan: PlanNode | undefined;
  let table: TableEntry | undefined;
  let appendOnly: boolean;
  if (stmt.from) {
    relation = objectName(stmt.from);
    const entry = state.catalog.relation(relation);
    if (!entry) throw new SqlError('undefined_table', `relation "${relation}" does not exist`, { position: stmt.from.span.start });
    if (entry.kind === 'view') {
      throw new SqlError('wrong_object_type', `cannot sink from view "${relation}"`, {
        hint: 'Sink from a materialized view, a table or a source, or write CREATE SINK ... AS SELECT.',
        position: stmt.from.span.start,
      });
    }
    dependsOn = [relation];
    columns = entry.columns.filter((c) => !c.hidden);
    if (entry.kind === 'table') table = entry;
    appendOnly = entry.kind === 'source' || (entry.kind === 'table' && entry.appendOnly) || (entry.kind === 'materializedView' && isAppendOnlyPlan(state, streamPlan(bindViewQuery(state, entry.query, true), stmt.span.start)));
  } else if (stmt.query) {
    const bound = bindViewQuery(state, stmt.query, true);
    dependsOn = [...new Set([...dependenciesOf(bound.plan), ...viewReferences(stmt.query, state)])];
    columns = viewColumns(bound, undefined, stmt.span.start);
    plan = streamPlan(bound, stmt.span.start);
    appendOnly = isAppendOnlyPlan(state, plan);
    relation = name;
  } else {
    throw new SqlError('syntax_error', 'CREATE SINK needs FROM relation or AS query', { position: stmt.span.start });
  }
  const spec = sinkSpec(name, columns, options, stmt.format, table, stmt.span.start);
  // RisingWave takes force_append_only in WITH or in FORMAT ... ENCODE ... (...).
  const forced = (options.get('force_append_only') ?? spec.format?.options.get('force_append_only'))?.toLowerCase() === 'true';
  if (spec.type === 'append-only' && !appendOnly && !forced) {
    throw new SqlError('invalid_parameter_value', `sink "${name}" is append-only, but its input can update and delete rows`, {
      hint: "Use type = 'upsert' with a primary_key, or set force_append_only = 'true' to write an updated row as a new row and drop deletions.",
      position: stmt.span.start,
    });
  }
  state.catalog.add({ kind: 'sink', name, definition: text, dependsOn, options });
  if (state.dryRun) return command('CREATE_SINK');
  try {
    if (plan) startJob(state, name, plan);
    const restoring = state.restoring;
    state.sinks.attach(connector, spec, relation, columns.map((c) => c.type), restoring?.entries(name, SINK_LOG_ID));
    if (!restoring) state.sinks.backfill(name, snapshotOf(state, relation, 'backfill'));
  } catch (err) {
    state.catalog.remove(name);
    state.runtime.removeView(name);
    throw err;
  }
  return command('CREATE_SINK');
}

/** True when a stream plan only ever inserts: it filters and projects relations that are append-only themselves. */
function isAppendOnlyPlan(state: EngineState, plan: PlanNode): boolean {
  switch (plan.kind) {
    case 'scan': {
      const entry = state.catalog.relation(plan.relation);
      if (entry?.kind === 'source') return true;
      if (entry?.kind === 'table') return entry.appendOnly;
      if (entry?.kind === 'materializedView') return isAppendOnlyPlan(state, streamPlan(bindViewQuery(state, entry.query, true), 0));
      return false;
    }
    case 'values':
      return true;
    case 'filter':
    case 'project':
    case 'union':
    case 'hop':
    case 'expand':
      return planInputs(plan).every((input) => isAppendOnlyPlan(state, input));
    default:
      return false;
  }
}

/**
 * The sink's type and key. `type` ('upsert' | 'append-only') may be given; otherwise FORMAT UPSERT or a table's
 * primary key make an upsert sink. The key is `primary_key` ('a, b'), or the table's own.
 */
function sinkSpec(name: string, columns: readonly ColumnInfo[], options: Map<string, string>, format: ast.FormatSpec | undefined, table: TableEntry | undefined, position: number): SinkSpec {
  const formatName = format?.format.toLowerCase();
  const declared = options.get('type')?.toLowerCase();
  if (declared !== undefined && declared !== 'upsert' && declared !== 'append-only') {
    throw new SqlError('invalid_parameter_value', `sink type must be 'upsert' or 'append-only', not '${declared}'`, { position });
  }
  const tableKey = table?.hasUserPrimaryKey ? table.primaryKey : undefined;
  const type = declared ?? (formatName === 'upsert' || (formatName === undefined && tableKey) ? 'upsert' : 'append-only');
  let primaryKey: readonly number[] = [];
  const keyOption = options.get('primary_key');
  if (keyOption !== undefined) {
    primaryKey = keyOption.split(',').map((part) => {
      const column = part.trim();
      const index = columns.findIndex((c) => c.name === column);
      if (index < 0) throw new SqlError('undefined_column', `primary_key column "${column}" is not a column of the sink`, { position });
      return index;
    });
  } else if (tableKey) {
    primaryKey = tableKey;
  }
  if (type === 'upsert' && primaryKey.length === 0) {
    throw new SqlError('invalid_parameter_value', 'an upsert sink needs a primary key', {
      hint: "Add WITH (primary_key = 'col1, col2'), or make it type = 'append-only'.",
      position,
    });
  }
  return {
    name,
    columns,
    options,
    format: format && { format: format.format.toLowerCase(), encode: format.encode.toLowerCase(), options: optionsMap(format.options) },
    type,
    primaryKey,
  };
}

const DROP_KIND: Partial<Record<ast.ObjectKind, CatalogEntry['kind']>> = {
  table: 'table',
  view: 'view',
  materializedView: 'materializedView',
  source: 'source',
  sink: 'sink',
};

export function drop(state: EngineState, stmt: ast.Drop): StatementResult {
  const kind = DROP_KIND[stmt.objectKind];
  if (!kind) throw new SqlError('feature_not_supported', `DROP ${stmt.objectKind.toUpperCase()} is not supported`, { position: stmt.span.start });
  const tag = `DROP_${kindName(kind).toUpperCase().replace(' ', '_')}`;
  const notices: string[] = [];
  for (const objName of stmt.names) {
    const name = objectName(objName);
    const entry = state.catalog.get(name);
    if (!entry) {
      // A checked script may drop objects of the database it targets: not an error when only planning.
      if (stmt.ifExists || state.dryRun) {
        notices.push(`${kindName(kind)} "${name}" does not exist, skipping`);
        continue;
      }
      throw new SqlError(kind === 'sink' ? 'undefined_object' : 'undefined_table', `${kindName(kind)} "${name}" does not exist`, { position: objName.span.start });
    }
    if (entry.kind !== kind) {
      throw new SqlError('wrong_object_type', `"${name}" is not a ${kindName(kind)}`, {
        hint: `Use DROP ${kindName(entry.kind).toUpperCase()} to remove a ${kindName(entry.kind)}.`,
        position: objName.span.start,
      });
    }
    const dependents = collectDependents(state, name);
    if (dependents.length > 0 && !stmt.cascade) {
      throw new SqlError('dependent_objects_still_exist', `cannot drop ${kindName(kind)} ${name} because other objects depend on it`, {
        detail: dependents.map((d) => `${kindName(d.kind)} ${d.name} depends on ${kindName(kind)} ${name}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        position: objName.span.start,
      });
    }
    for (const d of dependents.reverse()) {
      notices.push(`drop cascades to ${kindName(d.kind)} ${d.name}`);
      removeObject(state, d);
    }
    removeObject(state, entry);
  }
  return command(tag, notices);
}

/** All objects depending on `name`, transitively, in creation order. */
function collectDependents(state: EngineState, name: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const visit = (n: string): void => {
    for (const d of state.catalog.dependents(n)) {
      if (out.includes(d)) continue;
      out.push(d);
      visit(d.name);
    }
  };
  visit(name);
  const order = state.catalog.list();
  return out.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function removeObject(state: EngineState, entry: CatalogEntry): void {
  state.catalog.remove(entry.name);
  state.catalog.users.revokeAll(entry.name);
  state.tables.delete(entry.name);
  state.watermarks.delete(entry.name);
  // A dropped source lets go of what it holds upstream (a replication slot), where a stop keeps it.
  state.sources.detach(entry.name, { release: true }).catch(() => undefined);
  state.sinks.detach(entry.name).catch(() => undefined);
  state.runtime.removeView(entry.name);
}

