// Logical plan nodes: the binder's output, turned into dataflows (stream/) or one-shot evaluations (batch/).
import type { BoundExpr } from '../expr/expr.js';
import type { ResolvedAggregate } from '../expr/aggregate-registry.js';
import type { DataType } from '../types/data-type.js';
import type { Value } from '../types/value.js';

export interface PlanColumn {
  readonly name: string;
  readonly type: DataType;
  readonly hidden?: boolean;
}

export interface SortKey {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface AggregateCall {
  readonly aggregate: ResolvedAggregate;
  /** Aggregate arguments, then ORDER BY / WITHIN GROUP keys; over the aggregate's input row. */
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly filter?: BoundExpr;
  readonly type: DataType;
}

export interface WindowCall {
  /** row_number, rank, dense_rank, lag, lead, first_value, ... or an aggregate. */
  readonly name: string;
  readonly args: readonly BoundExpr[];
  readonly aggregate?: ResolvedAggregate;
  readonly type: DataType;
}

/** How a watermark on a scanned relation's column closes the groups of an aggregate. */
export interface WindowCloseSpec {
  readonly relation: string;
  /** The group key (index among the group keys) that orders windows. */
  readonly keyIndex: number;
  /** Given the relation's watermark, the key value below which groups are closed. */
  readonly closedBefore: (watermark: bigint) => bigint;
}

/** Every node lists its output columns. Plans are trees; shared subplans are duplicated. */
export type PlanNode =
  | {
      readonly kind: 'scan';
      readonly relation: string;
      readonly columns: readonly PlanColumn[];
      /** The reading user's row scope: only rows for which it is true leave the scan, before anything else runs. */
      readonly rowFilter?: BoundExpr;
    }
  | { readonly kind: 'values'; readonly rows: readonly (readonly Value[])[]; readonly columns: readonly PlanColumn[] }
  | { readonly kind: 'filter'; readonly input: PlanNode; readonly predicate: BoundExpr; readonly columns: readonly PlanColumn[] }
  | { readonly kind: 'project'; readonly input: PlanNode; readonly exprs: readonly BoundExpr[]; readonly columns: readonly PlanColumn[] }
  | {
      readonly kind: 'aggregate';
      readonly input: PlanNode;
      readonly groupKeys: readonly BoundExpr[];
      readonly aggregates: readonly AggregateCall[];
      /** No GROUP BY: exactly one output row, also over empty input. */
      readonly global: boolean;
      /** EMIT ON WINDOW CLOSE: rows are emitted once, when the watermark of `relation` closes their window. */
      readonly emitOnWindowClose?: WindowCloseSpec;
      readonly columns: readonly PlanColumn[];
    }
  | {
      readonly kind: 'join';
      readonly joinType: 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';
      readonly left: PlanNode;
      readonly right: PlanNode;
      readonly leftKeys: readonly BoundExpr[];
      readonly rightKeys: readonly BoundExpr[];
      /** Residual condition over the concatenated row (left columns, then right columns). */
      readonly condition?: BoundExpr;
      readonly columns: readonly PlanColumn[];
    }
  | { readonly kind: 'union'; readonly inputs: readonly PlanNode[]; readonly columns: readonly PlanColumn[] }
  | { readonly kind: 'distinct'; readonly input: PlanNode; readonly columns: readonly PlanColumn[] }
  | {
      readonly kind: 'setOp';
      readonly op: 'except' | 'intersect';
      readonly all: boolean;
      readonly left: PlanNode;
      readonly right: PlanNode;
      readonly columns: readonly PlanColumn[];
    }
  | {
      readonly kind: 'topN';
      readonly input: PlanNode;
      readonly partitionBy: readonly BoundExpr[];
      readonly orderBy: readonly SortKey[];
      readonly offset: number;
      readonly limit: number;
      readonly withTies: boolean;
      /** Rank filter: the rank value (as row_number, rank or dense_rank) is appended as the last column. */
      readonly rank?: 'row_number' | 'rank' | 'dense_rank';
      readonly columns: readonly PlanColumn[];
    }
  | {
      readonly kind: 'window';
      readonly input: PlanNode;
      readonly partitionBy: readonly BoundExpr[];
      readonly orderBy: readonly SortKey[];
      readonly functions: readonly WindowCall[];
      readonly columns: readonly PlanColumn[];
    }
  | {
      readonly kind: 'hop';
      readonly input: PlanNode;
      readonly timeIndex: number;
      readonly slide: bigint;
      readonly size: bigint;
      readonly offset: bigint;
      readonly columns: readonly PlanColumn[];
    }
  | {
      /**
       * SESSION windows: the input columns plus window_start and window_end of the row's session, where a session
       * of one partition is a maximal run of rows whose times are less than `gap` apart.
       */
      readonly kind: 'session';
      readonly input: PlanNode;
      readonly timeIndex: number;
      /** µs. */
      readonly gap: bigint;
      readonly partitionBy: readonly BoundExpr[];
      /**
       * Set under EMIT ON WINDOW CLOSE by window_end: the relation whose watermark closes sessions, whose state is
       * then dropped; changes that would alter a closed session are late.
       */
      readonly closedBy?: string;
      readonly columns: readonly PlanColumn[];
    }
  | {
      /** Input columns plus expressions that read the clock; rows are re-emitted as their values change with time. */
      readonly kind: 'temporalProject';
      readonly input: PlanNode;
      readonly exprs: readonly BoundExpr[];
      readonly columns: readonly PlanColumn[];
    }
  | {
      readonly kind: 'expand';
      readonly input: PlanNode;
      /** For each grouping set, the input column indexes kept (others become NULL); a set index column is appended. */
      readonly sets: readonly (readonly number[])[];
      readonly columns: readonly PlanColumn[];
    };

export type PlanKind = PlanNode['kind'];

/** The inputs of a node, in port order. */
export function planInputs(plan: PlanNode): readonly PlanNode[] {
  switch (plan.kind) {
    case 'scan':
    case 'values':
      return [];
    case 'join':
    case 'setOp':
      return [plan.left, plan.right];
    case 'union':
      return plan.inputs;
    default:
      return [plan.input];
  }
}

/** The node with each input replaced by `fn(input)`. */
export function mapInputs(plan: PlanNode, fn: (input: PlanNode) => PlanNode): PlanNode {
  switch (plan.kind) {
    case 'scan':
    case 'values':
      return plan;
    case 'join':
    case 'setOp':
      return { ...plan, left: fn(plan.left), right: fn(plan.right) };
    case 'union':
      return { ...plan, inputs: plan.inputs.map(fn) };
    default:
      return { ...plan, input: fn(plan.input) } as PlanNode;
  }
}

/** A projection of `input`, or `input` itself when the projection would copy it unchanged. */
export function project(input: PlanNode, exprs: readonly BoundExpr[], columns: readonly PlanColumn[]): PlanNode {
  const unchanged =
    exprs.length === input.columns.length &&
    exprs.every((e, i) => e.kind === 'column' && e.index === i && input.columns[i]!.name === columns[i]!.name && input.columns[i]!.hidden === columns[i]!.hidden);
  return unchanged ? input : { kind: 'project', input, exprs, columns };
}

/** Rows of `input` for which `predicate` is true. */
export function filter(input: PlanNode, predicate: BoundExpr): PlanNode {
  return { kind: 'filter', input, predicate, columns: input.columns };
}
