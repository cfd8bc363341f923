// Turns a logical plan into a running dataflow of operators.
import { compileExpr, type CompileOptions } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { inlineProjections } from '../plan/inline-projections.js';
import { planInputs, type PlanColumn, type PlanNode } from '../plan/plan-node.js';
import { streamKey } from '../plan/stream-key.js';
import type { ChangeBatch } from '../types/change-batch.js';
import type { Operator } from './operator.js';
import { Dataflow, type FlowInput, type FlowNode } from './dataflow.js';
import { Distinct } from './operators/distinct.js';
import { Expand } from './operators/expand.js';
import { Filter } from './operators/filter.js';
import type { StreamKey } from './operators/materialize.js';
import { HashAgg } from './operators/hash-agg.js';
import { HashJoin } from './operators/hash-join.js';
import { HopWindow } from './operators/hop-window.js';
import { OverWindow } from './operators/over-window.js';
import { Project } from './operators/project.js';
import { SessionWindow } from './operators/session-window.js';
import { SetOp } from './operators/set-op.js';
import { TopN } from './operators/top-n.js';
import { TemporalProject } from './operators/temporal-project.js';
import { Union } from './operators/union.js';
import { WindowClose } from './operators/window-close.js';
import { roundedAggregates } from './rounded-aggregates.js';
import { clock } from '../expr/function-registry.js';
import { settledTest } from '../plan/temporal-settling.js';
import { rowComparator } from './sort-order.js';
import type { LateRow, LateRowListener } from './late-rows.js';
import type { Value } from '../types/value.js';
import { formatValue } from '../types/text-format.js';

/** Builds the operator tree of `plan`. Expressions compile with `options` (non-strict for views). */
export function buildDataflow(boundPlan: PlanNode, options: CompileOptions): Dataflow {
  const plan = inlineProjections(boundPlan);
  const inputs = new Map<string, FlowInput[]>();
  const constants: (FlowInput & { batch: ChangeBatch })[] = [];
  const root: FlowNode = { op: new Union(1), children: [], port: 0 };
  const watermarks = new Map<string, bigint>();
  const late: LateRow[] = [];
  const ctx: BuildContext = { inputs, constants, options, watermarks, late, dropsLateRows: false };
  attach(plan, root, 0, ctx);
  return new Dataflow(root, inputs, constants, hasTemporal(plan), outputStreamKey(plan), watermarks, ctx.dropsLateRows ? late : undefined);
}

/** Late rows of an operator go to the dataflow's list, in PostgreSQL text with the input's column types (hidden ones left out). */
function lateRowListener(ctx: BuildContext, columns: readonly PlanColumn[]): LateRowListener {
  ctx.dropsLateRows = true;
  const late = ctx.late;
  const shown = columns.flatMap((column, columnIdx) => (column.hidden ? [] : [{ type: column.type, columnIdx }]));
  return (row, weight, reason) => {
    const fields = shown.map(({ type, columnIdx }) => formatValue(type, row[columnIdx] as Value) ?? '');
    late.push({ payload: `(${fields.join(',')})`, weight, reason });
  };
}

/** The plan's stream key over its output columns, or undefined when the plan has none. */
function outputStreamKey(plan: PlanNode): StreamKey | undefined {
  const columns = streamKey(plan);
  return columns === undefined ? undefined : { types: plan.columns.map((c) => c.type), columns };
}

/** The input column an expression reads as is, or -1 when it computes something. */
const columnRead = (expr: BoundExpr): number => (expr.kind === 'column' ? expr.index : -1);

/**
 * An aggregate under `plan`, a projection, whose operator computes the projection itself (`HashAggConfig.output`):
 * a projection reads its input alone, so the aggregate emits the projected rows directly. Not under EMIT ON WINDOW
 * CLOSE, whose operator holds back the aggregate's rows by their group key in front.
 */
function aggregateUnder(plan: PlanNode): { aggregate: Extract<PlanNode, { kind: 'aggregate' }>; output: readonly BoundExpr[] } | undefined {
  if (plan.kind !== 'project' || plan.input.kind !== 'aggregate' || plan.input.emitOnWindowClose !== undefined) return undefined;
  return { aggregate: plan.input, output: plan.exprs };
}

function hasTemporal(plan: PlanNode): boolean {
  return plan.kind === 'temporalProject' || planInputs(plan).some(hasTemporal);
}

interface BuildContext {
  readonly inputs: Map<string, FlowInput[]>;
  readonly constants: (FlowInput & { batch: ChangeBatch })[];
  readonly options: CompileOptions;
  readonly watermarks: ReadonlyMap<string, bigint>;
  /** Where operators that drop late rows report them (see `lateRowListener`). */
  readonly late: LateRow[];
  dropsLateRows: boolean;
}

function attach(plan: PlanNode, parent: FlowNode, port: number, ctx: BuildContext): void {
  if (plan.kind === 'scan') {
    const list = ctx.inputs.get(plan.relation) ?? [];
    if (plan.rowFilter) {
      // The row scope is part of the scan: rows outside it reach no other operator.
      const scoped: FlowNode = { op: new Filter(compileExpr(plan.rowFilter, ctx.options)), children: [], parent, port };
      parent.children.push(scoped);
      list.push({ node: scoped, port: 0 });
      ctx.inputs.set(plan.relation, list);
      return;
    }
    list.push({ node: parent, port });
    ctx.inputs.set(plan.relation, list);
    return;
  }
  if (plan.kind === 'values') {
    ctx.constants.push({ node: parent, port, batch: { rows: plan.rows.map((r) => [...r]), weights: plan.rows.map(() => 1) } });
    return;
  }
  const fused = aggregateUnder(plan);
  const op = fused === undefined ? operatorFor(plan, ctx) : aggregateOperator(fused.aggregate, ctx, fused.output);
  const node: FlowNode = { op, children: [], parent, port };
  parent.children.push(node);
  planInputs(fused?.aggregate ?? plan).forEach((child, i) => attach(child, node, i, ctx));
}

function operatorFor(plan: PlanNode, ctx: BuildContext): Operator {
  const options = ctx.options;
  const compile = (e: Parameters<typeof compileExpr>[0]) => compileExpr(e, options);
  switch (plan.kind) {
    case 'filter':
      return new Filter(compile(plan.predicate));
    case 'project':
      return new Project(plan.exprs.map(compile));
    case 'aggregate':
      return aggregateOperator(plan, ctx);
    case 'join':
      return new HashJoin({
        joinType: plan.joinType,
        leftKeys: plan.leftKeys.map(compile),
        rightKeys: plan.rightKeys.map(compile),
        keyTypes: plan.leftKeys.map((k) => k.type),
        leftWidth: plan.left.columns.length,
        rightWidth: plan.right.columns.length,
        condition: plan.condition && compile(plan.condition),
      });
    case 'union':
      return new Union(plan.inputs.length);
    case 'distinct':
      return new Distinct(plan.columns.map((c) => c.type));
    case 'setOp':
      return new SetOp({ kind: plan.op, all: plan.all, rowTypes: plan.columns.map((c) => c.type) });
    case 'topN':
      return new TopN({
        partitionKeys: plan.partitionBy.map(compile),
        keyTypes: plan.partitionBy.map((k) => k.type),
        compare: rowComparator(plan.orderBy, options),
        offset: plan.offset,
        limit: plan.limit,
        withTies: plan.withTies,
        rank: plan.rank,
      });
    case 'window':
      return new OverWindow({
        partitionKeys: plan.partitionBy.map(compile),
        keyTypes: plan.partitionBy.map((k) => k.type),
        compare: rowComparator(plan.orderBy, options),
        functions: plan.functions.map((f) => ({
          name: f.name,
          args: f.args.map(compile),
          createState: f.aggregate ? () => f.aggregate!.createState() : undefined,
        })),
      });
    case 'hop':
      return new HopWindow({ timeIndex: plan.timeIndex, slide: plan.slide, size: plan.size, offset: plan.offset });
    case 'session': {
      const closedBy = plan.closedBy;
      const watermarks = ctx.watermarks;
      return new SessionWindow({
        onLate: closedBy === undefined ? undefined : lateRowListener(ctx, plan.input.columns),
        timeIndex: plan.timeIndex,
        gap: plan.gap,
        partitionKeys: plan.partitionBy.map(compile),
        keyTypes: plan.partitionBy.map((k) => k.type),
        watermark: closedBy === undefined ? undefined : () => watermarks.get(closedBy) ?? null,
      });
    }
    case 'expand':
      return new Expand(plan.sets, plan.input.columns.length);
    case 'temporalProject':
      return new TemporalProject(plan.exprs.map(compile), () => clock.now(), plan.exprs.map(settledTest));
    case 'scan':
    case 'values':
      throw new Error(`${plan.kind} has no operator (this is a bug)`);
  }
}

/** The operator of a GROUP BY, computing `output` (a projection over its rows) when given. */
function aggregateOperator(plan: Extract<PlanNode, { kind: 'aggregate' }>, ctx: BuildContext, output?: readonly BoundExpr[]): Operator {
  const compile = (e: BoundExpr) => compileExpr(e, ctx.options);
  const rounded =
    output &&
    roundedAggregates(
      output,
      plan.groupKeys.length,
      plan.aggregates.map((a) => a.aggregate.createState().roundedResult !== undefined),
      (constant) => compile(constant)([]),
    );
  const agg = new HashAgg({
    groupKeyTypes: plan.groupKeys.map((k) => k.type),
    groupKeys: plan.groupKeys.map(compile),
    groupKeyColumns: plan.groupKeys.map(columnRead),
    aggs: plan.aggregates.map((a, aggIdx) => ({
      createState: () => a.aggregate.createState(),
      args: a.args.map(compile),
      argColumns: a.args.map(columnRead),
      filter: a.filter && compile(a.filter),
      distinct: a.distinct,
      distinctTypes: a.args.map((x) => x.type),
      roundTo: rounded?.roundTo[aggIdx],
    })),
    global: plan.global,
    output: rounded?.output.map(compile),
  });
  const close = plan.emitOnWindowClose;
  if (!close) return agg;
  const watermarks = ctx.watermarks;
  return new WindowClose(agg, {
    onLate: lateRowListener(ctx, plan.input.columns),
    keyTypes: plan.groupKeys.map((k) => k.type),
    keyIndex: close.keyIndex,
    keyOfInput: compile(plan.groupKeys[close.keyIndex]!),
    closedBefore: () => {
      const watermark = watermarks.get(close.relation);
      return watermark === undefined ? null : close.closedBefore(watermark);
    },
  });
}
