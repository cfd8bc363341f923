// Window functions in SELECT: `f(...) OVER (PARTITION BY ... ORDER BY ...)`.
import { isAggregateFunction, resolveAggregate } from '../expr/aggregate-registry.js';
import type { BoundExpr } from '../expr/expr.js';
import { exprKey } from '../expr/expr.js';
import type * as ast from '../sql/ast.js';
import type { DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { ExprBinder } from './bind-expr.js';
import { WINDOW_BASE } from './bind-aggregate.js';
import { coerce } from './coerce.js';
import type { PlanNode, SortKey, WindowCall } from './plan-node.js';

interface CollectedWindow {
  readonly call: WindowCall;
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly SortKey[];
}

const RANKING: Record<string, DataType> = {
  row_number: 'int8',
  rank: 'int8',
  dense_rank: 'int8',
  percent_rank: 'float8',
  cume_dist: 'float8',
  ntile: 'int4',
};
const VALUE_FUNCTIONS = new Set(['lag', 'lead', 'first_value', 'last_value', 'nth_value']);

/** Collects the window calls of one SELECT and plans them as window nodes, one per distinct window. */
export class WindowCollector {
  readonly calls: CollectedWindow[] = [];
  private slots: number[] = [];

  add(window: CollectedWindow): number {
    this.calls.push(window);
    return this.calls.length - 1;
  }

  /** Position of call `index` among the columns the window nodes append. */
  slotOf(index: number): number {
    return this.slots[index]!;
  }

  /** Plans window nodes over `input`; `rewrite` maps expressions onto the input (after aggregation). */
  plan(input: PlanNode, rewrite: (e: BoundExpr) => BoundExpr): PlanNode {
    const groups = new Map<string, number[]>();
    this.calls.forEach((w, i) => {
      const key = `${w.partitionBy.map(exprKey).join(',')}|${w.orderBy.map((o) => `${exprKey(o.expr)}${o.descending}${o.nullsFirst}`).join(',')}`;
      const list = groups.get(key) ?? [];
      list.push(i);
      groups.set(key, list);
    });
    this.slots = new Array<number>(this.calls.length);
    let plan = input;
    let slot = 0;
    for (const members of groups.values()) {
      const first = this.calls[members[0]!]!;
      const functions = members.map((i) => {
        const call = this.calls[i]!.call;
        return { ...call, args: call.args.map(rewrite) };
      });
      members.forEach((i) => (this.slots[i] = slot++));
      plan = {
        kind: 'window',
        input: plan,
        partitionBy: first.partitionBy.map(rewrite),
        orderBy: first.orderBy.map((o) => ({ ...o, expr: rewrite(o.expr) })),
        functions,
        columns: [...plan.columns, ...functions.map((f, j) => ({ name: `?window${slot - functions.length + j}`, type: f.type }))],
      };
    }
    return plan;
  }
}

/** The expression binder's hook for `f(...) OVER (...)`: returns a placeholder column for the result. */
export function bindWindowCall(call: ast.FunctionCall, binder: ExprBinder, windows: WindowCollector, named: readonly ast.NamedWindow[]): BoundExpr {
  const name = call.name.parts[call.name.parts.length - 1]!;
  const spec = resolveSpec(call, named);
  const inner = binder.with(binder.scope, { ...binder.hooks, window: undefined });
  const args = call.args.map((a) => inner.bind(a));
  const partitionBy = spec.partitionBy.map((e) => inner.bind(e));
  const orderBy = spec.orderBy.map((o) => ({ expr: inner.bind(o.expr), descending: o.descending, nullsFirst: o.nullsFirst ?? o.descending }));
  if (spec.frame && spec.frame.units !== 'range') {
    throw new SqlError('feature_not_supported', 'window frames other than the default are not supported', { position: spec.span.start });
  }
  let windowCall: WindowCall;
  if (RANKING[name]) {
    windowCall = { name, args: name === 'ntile' ? args.map((a) => coerce(a, 'int4', call.span.start)) : [], type: RANKING[name]! };
  } else if (VALUE_FUNCTIONS.has(name)) {
    if (args.length === 0) throw new SqlError('undefined_function', `function ${name}() does not exist`, { position: call.span.start });
    const rest = args.slice(1).map((a, i) => (i === 0 ? coerce(a, 'int4', call.span.start) : coerce(a, args[0]!.type, call.span.start)));
    windowCall = { name, args: [args[0]!, ...rest], type: args[0]!.type === 'unknown' ? 'varchar' : args[0]!.type };
  } else if (isAggregateFunction(name)) {
    const aggregate = resolveAggregate(name, args.map((a) => a.type), { distinct: call.distinct, orderBy: [], directArgs: [] });
    windowCall = { name, args: args.map((a, i) => coerce(a, aggregate.argTypes[i] ?? a.type, call.span.start)), aggregate, type: aggregate.returnType };
  } else {
    throw new SqlError('undefined_function', `function ${name} is not a window function`, { position: call.span.start });
  }
  const index = windows.add({ call: windowCall, partitionBy, orderBy });
  return { kind: 'column', index: WINDOW_BASE + index, type: windowCall.type };
}

function resolveSpec(call: ast.FunctionCall, named: readonly ast.NamedWindow[]): ast.WindowSpec {
  const over = call.over!;
  if (!('partitionBy' in over)) {
    const found = named.find((w) => w.name === over.name);
    if (!found) throw new SqlError('undefined_object', `window "${over.name}" does not exist`, { position: over.span.start });
    return found.spec;
  }
  if (over.baseName) {
    const base = named.find((w) => w.name === over.baseName);
    if (!base) throw new SqlError('undefined_object', `window "${over.baseName}" does not exist`, { position: over.span.start });
    return { ...base.spec, orderBy: over.orderBy.length > 0 ? over.orderBy : base.spec.orderBy, frame: over.frame ?? base.spec.frame };
  }
  return over;
}
