// EXPLAIN: a plan tree as indented text, one operator per line.
import { exprKey, type BoundExpr } from '../expr/expr.js';
import { planInputs, type PlanColumn, type PlanNode, type SortKey } from './plan-node.js';

/** Renders an expression with the input's column names instead of indexes. */
function show(expr: BoundExpr, columns: readonly PlanColumn[]): string {
  return exprKey(expr).replace(/\$(\d+)/g, (_, i: string) => columns[Number(i)]?.name ?? `$${i}`);
}

function showSort(keys: readonly SortKey[], columns: readonly PlanColumn[]): string {
  return keys.map((k) => `${show(k.expr, columns)}${k.descending ? ' DESC' : ''}`).join(', ');
}

const OPERATOR_NAMES: Record<PlanNode['kind'], string> = {
  scan: 'StreamTableScan',
  values: 'Values',
  filter: 'Filter',
  project: 'Project',
  aggregate: 'HashAgg',
  join: 'HashJoin',
  union: 'Union',
  distinct: 'Distinct',
  setOp: 'SetOp',
  topN: 'TopN',
  window: 'OverWindow',
  hop: 'HopWindow',
  session: 'SessionWindow',
  expand: 'Expand',
  temporalProject: 'TemporalProject',
};

function describe(node: PlanNode): string {
  const name = OPERATOR_NAMES[node.kind];
  switch (node.kind) {
    case 'scan':
      return `${name} { table: ${node.relation}, columns: [${node.columns.map((c) => c.name).join(', ')}]${node.rowFilter ? `, scope: ${show(node.rowFilter, node.columns)}` : ''} }`;
    case 'values':
      return `${name} { rows: ${node.rows.length} }`;
    case 'filter':
      return `${name} { predicate: ${show(node.predicate, node.input.columns)} }`;
    case 'project':
      return `${name} { exprs: [${node.exprs.map((e) => show(e, node.input.columns)).join(', ')}] }`;
    case 'aggregate':
      return `${name} { group_key: [${node.groupKeys.map((k) => show(k, node.input.columns)).join(', ')}], aggs: [${node.aggregates
        .map((a) => `${a.aggregate.name}(${a.distinct ? 'distinct ' : ''}${a.args.map((x) => show(x, node.input.columns)).join(', ')})${a.filter ? ` filter(${show(a.filter, node.input.columns)})` : ''}`)
        .join(', ')}] }`;
    case 'join': {
      const keys = node.leftKeys.map((k, i) => `${show(k, node.left.columns)} = ${show(node.rightKeys[i]!, node.right.columns)}`);
      return `${name} { type: ${node.joinType}, keys: [${keys.join(', ')}]${node.condition ? `, condition: ${show(node.condition, node.columns)}` : ''} }`;
    }
    case 'setOp':
      return `${name} { op: ${node.op}${node.all ? ' all' : ''} }`;
    case 'topN':
      return `${name} { order: [${showSort(node.orderBy, node.input.columns)}], limit: ${node.limit}, offset: ${node.offset}${node.rank ? `, rank: ${node.rank}` : ''}${node.partitionBy.length ? `, partition_by: [${node.partitionBy.map((p) => show(p, node.input.columns)).join(', ')}]` : ''} }`;
    case 'window':
      return `${name} { partition_by: [${node.partitionBy.map((p) => show(p, node.input.columns)).join(', ')}], order_by: [${showSort(node.orderBy, node.input.columns)}], calls: [${node.functions.map((f) => f.name).join(', ')}] }`;
    case 'hop':
      return `${name} { time: ${node.input.columns[node.timeIndex]?.name}, slide: ${node.slide}us, size: ${node.size}us }`;
    case 'session':
      return `${name} { time: ${node.input.columns[node.timeIndex]?.name}, gap: ${node.gap}us, partition_by: [${node.partitionBy.map((p) => show(p, node.input.columns)).join(', ')}]${node.closedBy ? `, closed_by: watermark(${node.closedBy})` : ''} }`;
    case 'expand':
      return `${name} { sets: ${node.sets.length} }`;
    case 'temporalProject':
      return `${name} { exprs: [${node.exprs.map((e) => show(e, node.input.columns)).join(', ')}] }`;
    default:
      return name;
  }
}

/** The plan as lines, materialize node first, as RisingWave's EXPLAIN prints a stream plan. */
export function explainPlan(root: PlanNode, header: string): string[] {
  const lines = [header];
  const walk = (node: PlanNode, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}└─${describe(node)}`);
    for (const child of planInputs(node)) walk(child, depth + 1);
  };
  walk(root, 1);
  return lines;
}
