// Rewrite rule: a projection that only feeds an aggregate or another projection is computed inside it.
import type { BoundExpr } from '../expr/expr.js';
import { forEachColumn, transformExpr } from '../expr/expr.js';
import { mapInputs, type PlanNode } from './plan-node.js';

type AggregateNode = Extract<PlanNode, { kind: 'aggregate' }>;
type ProjectNode = Extract<PlanNode, { kind: 'project' }>;

/**
 * Saves building an intermediate row per input row:
 * - `aggregate(filter?(project(x)))` becomes `aggregate'(filter'?(x))`: group keys, aggregate arguments and the
 *   filter read the projection's expressions in place of its columns (TUMBLE's projection copies every column
 *   to append window_start and window_end, only for the aggregate to read a few);
 * - `project(project(x))` becomes one projection, and a projection that copies its input as is goes.
 * Only done when it cannot change what is computed: the inner projection calls no volatile function, a
 * filter reads only plain columns of it, and each of its other expressions is read at most once, so nothing is
 * evaluated twice. Applied when a dataflow is built; EXPLAIN shows the plan as bound.
 */
export function inlineProjections(plan: PlanNode): PlanNode {
  const rewritten = mapInputs(plan, inlineProjections);
  switch (rewritten.kind) {
    case 'aggregate':
      return inlineIntoAggregate(rewritten) ?? rewritten;
    case 'project':
      return mergeProjections(rewritten);
    default:
      return rewritten;
  }
}

function inlineIntoAggregate(aggregate: AggregateNode): AggregateNode | undefined {
  const filter = aggregate.input.kind === 'filter' ? aggregate.input : undefined;
  const project = (filter ? filter.input : aggregate.input) as PlanNode;
  if (project.kind !== 'project') return undefined;
  const readers = [...aggregate.groupKeys, ...aggregate.aggregates.flatMap((call) => (call.filter ? [...call.args, call.filter] : call.args))];
  if (!canInline(project, readers, filter?.predicate)) return undefined;
  const inline = (expr: BoundExpr): BoundExpr => substitute(expr, project);
  const input: PlanNode = filter
    ? { kind: 'filter', input: project.input, predicate: inline(filter.predicate), columns: project.input.columns }
    : project.input;
  return {
    ...aggregate,
    input,
    groupKeys: aggregate.groupKeys.map(inline),
    aggregates: aggregate.aggregates.map((call) => ({
      ...call,
      args: call.args.map(inline),
      ...(call.filter ? { filter: inline(call.filter) } : {}),
    })),
  };
}

function mergeProjections(outer: ProjectNode): PlanNode {
  const input = outer.input;
  const copiesInput = outer.exprs.length === input.columns.length && outer.exprs.every((e, index) => e.kind === 'column' && e.index === index);
  if (copiesInput) return input;
  if (input.kind !== 'project' || !canInline(input, outer.exprs, undefined)) return outer;
  return { ...outer, input: input.input, exprs: outer.exprs.map((expr) => substitute(expr, input)) };
}

/**
 * True when `readers` (and `predicate`, evaluated before them) can read `project`'s expressions in place of its
 * columns without computing anything more often than before, or anything volatile at all.
 */
function canInline(project: ProjectNode, readers: readonly BoundExpr[], predicate: BoundExpr | undefined): boolean {
  if (project.exprs.some(callsVolatile)) return false;
  const plain = project.exprs.map((expr) => expr.kind === 'column' || expr.kind === 'literal');
  if (predicate && readsComputed(predicate, plain)) return false;
  const reads = new Array<number>(project.exprs.length).fill(0);
  for (const reader of readers) forEachColumn(reader, (index) => reads[index]!++);
  return reads.length === project.exprs.length && reads.every((times, index) => times <= 1 || plain[index]);
}

/** True when `expr` reads a column of the projection that is computed rather than copied. */
function readsComputed(expr: BoundExpr, plain: readonly boolean[]): boolean {
  let computed = false;
  forEachColumn(expr, (index) => {
    if (!plain[index]) computed = true;
  });
  return computed;
}

function callsVolatile(expr: BoundExpr): boolean {
  let volatile = false;
  transformExpr(expr, (e) => {
    if (e.kind === 'call' && e.fn.volatile) volatile = true;
    return volatile ? e : undefined;
  });
  return volatile;
}

/** `expr` over the projection's output, rewritten over its input. */
function substitute(expr: BoundExpr, project: ProjectNode): BoundExpr {
  return transformExpr(expr, (e) => (e.kind === 'column' ? project.exprs[e.index] : undefined));
}
