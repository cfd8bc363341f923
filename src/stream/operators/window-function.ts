// Window functions over one sorted partition: the spec the planner gives OverWindow and its evaluators.
import type { AggregateState } from '../../expr/aggregate-registry.js';
import { SqlError } from '../../types/error.js';
import type { Row, Value } from '../../types/value.js';

type RowExpr = (row: Row) => Value;

/**
 * One window function call, as the planner compiled it. `name` is a window function (row_number, rank, dense_rank,
 * percent_rank, cume_dist, ntile, lag, lead, first_value, last_value, nth_value) with its `args` in SQL order, or,
 * when `createState` is set, an aggregate with its arguments (then ORDER BY keys) in `args`. Aggregates and value
 * functions use the default frame: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, peers included (the whole
 * partition when the window has no ORDER BY).
 */
export interface WindowFunctionSpec {
  readonly name: string;
  readonly args: readonly RowExpr[];
  readonly createState?: () => AggregateState;
  /** FILTER (WHERE ...) of an aggregate: the row is aggregated only when this returns exactly `true`. */
  readonly filter?: RowExpr;
}

/** Peer groups of a sorted partition: rows [start[i], end[i]) are the peers of row i (equal ORDER BY keys). */
export interface PeerGroups {
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Writes the function's value for every row of a sorted partition into `outputs[i][column]`. */
export type WindowEvaluator = (rows: readonly Row[], peers: PeerGroups, outputs: Row[], column: number) => void;

/** Builds, once per operator, the evaluator of a window function. */
export function windowEvaluator(spec: WindowFunctionSpec): WindowEvaluator {
  if (spec.createState !== undefined) return aggregateEvaluator(spec.createState, spec.args, spec.filter);
  const build = Object.hasOwn(EVALUATORS, spec.name) ? EVALUATORS[spec.name] : undefined;
  if (build === undefined) throw new Error(`unrecognized window function "${spec.name}"; this is a bug`);
  const arity = spec.args.length;
  if (arity < build.minArgs || arity > build.maxArgs) {
    throw new Error(`window function "${spec.name}" given ${arity} arguments; this is a bug`);
  }
  return build.make(spec.args);
}

interface EvaluatorBuilder {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly make: (args: readonly RowExpr[]) => WindowEvaluator;
}

const EVALUATORS: Readonly<Record<string, EvaluatorBuilder | undefined>> = {
  row_number: {
    minArgs: 0,
    maxArgs: 0,
    make: () => (rows, _peers, outputs, column) => {
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) outputs[rowIdx][column] = BigInt(rowIdx + 1);
    },
  },
  rank: {
    minArgs: 0,
    maxArgs: 0,
    make: () => (rows, peers, outputs, column) => {
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) outputs[rowIdx][column] = BigInt(peers.start[rowIdx] + 1);
    },
  },
  dense_rank: {
    minArgs: 0,
    maxArgs: 0,
    make: () => (rows, peers, outputs, column) => {
      let denseRank = 0;
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
        if (peers.start[rowIdx] === rowIdx) denseRank++;
        outputs[rowIdx][column] = BigInt(denseRank);
      }
    },
  },
  percent_rank: {
    minArgs: 0,
    maxArgs: 0,
    make: () => (rows, peers, outputs, column) => {
      const denominator = rows.length - 1;
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
        outputs[rowIdx][column] = denominator > 0 ? peers.start[rowIdx] / denominator : 0;
      }
    },
  },
  cume_dist: {
    minArgs: 0,
    maxArgs: 0,
    make: () => (rows, peers, outputs, column) => {
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) outputs[rowIdx][column] = peers.end[rowIdx] / rows.length;
    },
  },
  ntile: { minArgs: 1, maxArgs: 1, make: (args) => ntileEvaluator(args[0]) },
  lag: { minArgs: 1, maxArgs: 3, make: (args) => shiftEvaluator(-1, args[0], args[1], args[2]) },
  lead: { minArgs: 1, maxArgs: 3, make: (args) => shiftEvaluator(1, args[0], args[1], args[2]) },
  first_value: {
    minArgs: 1,
    maxArgs: 1,
    make: ([value]) => (rows, _peers, outputs, column) => {
      const first = rows.length > 0 ? value(rows[0]) : null;
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) outputs[rowIdx][column] = first;
    },
  },
  last_value: {
    minArgs: 1,
    maxArgs: 1,
    make: ([value]) => (rows, peers, outputs, column) => {
      for (let groupStart = 0; groupStart < rows.length; ) {
        const groupEnd = peers.end[groupStart];
        const last = value(rows[groupEnd - 1]);
        for (let rowIdx = groupStart; rowIdx < groupEnd; rowIdx++) outputs[rowIdx][column] = last;
        groupStart = groupEnd;
      }
    },
  },
  nth_value: { minArgs: 2, maxArgs: 2, make: (args) => nthValueEvaluator(args[0], args[1]) },
};

/** An int4 argument as a JS number (the planner may hand an int8). */
const toInteger = (value: Value): number => (typeof value === 'bigint' ? Number(value) : (value as number));

/**
 * PostgreSQL's window_ntile: the bucket count is read from the partition's first row (from the next one while it
 * is NULL, whose rows get NULL); the first `total % buckets` buckets get one extra row.
 */
function ntileEvaluator(buckets: RowExpr): WindowEvaluator {
  return (rows, _peers, outputs, column) => {
    const total = rows.length;
    let ntile = 0;
    let rowsInBucket = 0;
    let boundary = 0;
    let remainder = 0;
    for (let rowIdx = 0; rowIdx < total; rowIdx++) {
      if (ntile === 0) {
        const argument = buckets(rows[rowIdx]);
        if (argument === null) {
          outputs[rowIdx][column] = null;
          continue;
        }
        const bucketCount = toInteger(argument);
        if (bucketCount <= 0) {
          throw new SqlError('invalid_argument_for_function', 'argument of ntile must be greater than zero');
        }
        ntile = 1;
        boundary = Math.floor(total / bucketCount);
        if (boundary <= 0) boundary = 1;
        else {
          remainder = total % bucketCount;
          if (remainder !== 0) boundary++;
        }
      }
      rowsInBucket++;
      if (boundary < rowsInBucket) {
        if (remainder !== 0 && ntile === remainder) {
          remainder = 0;
          boundary--;
        }
        ntile++;
        rowsInBucket = 1;
      }
      outputs[rowIdx][column] = ntile;
    }
  };
}

/** lag (direction -1) and lead (+1): the value `offset` rows away in the partition, else the default. */
function shiftEvaluator(direction: number, value: RowExpr, offset?: RowExpr, fallback?: RowExpr): WindowEvaluator {
  return (rows, _peers, outputs, column) => {
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const row = rows[rowIdx];
      let distance = 1;
      if (offset !== undefined) {
        const offsetValue = offset(row);
        if (offsetValue === null) {
          outputs[rowIdx][column] = null;
          continue;
        }
        distance = toInteger(offsetValue);
      }
      const target = rowIdx + direction * distance;
      if (target >= 0 && target < rows.length) outputs[rowIdx][column] = value(rows[target]);
      else outputs[rowIdx][column] = fallback === undefined ? null : fallback(row);
    }
  };
}

/** nth_value: the value of the frame's n-th row (the frame ends with the current row's last peer). */
function nthValueEvaluator(value: RowExpr, n: RowExpr): WindowEvaluator {
  return (rows, peers, outputs, column) => {
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const nValue = n(rows[rowIdx]);
      if (nValue === null) {
        outputs[rowIdx][column] = null;
        continue;
      }
      const nth = toInteger(nValue);
      if (nth <= 0) throw new SqlError('invalid_argument_for_function', 'argument of nth_value must be greater than zero');
      outputs[rowIdx][column] = nth - 1 < peers.end[rowIdx] ? value(rows[nth - 1]) : null;
    }
  };
}

/** An aggregate over the default frame: a running state, read once per peer group. */
function aggregateEvaluator(
  createState: () => AggregateState,
  argExprs: readonly RowExpr[],
  filter?: RowExpr,
): WindowEvaluator {
  const args = new Array<Value>(argExprs.length).fill(null);
  return (rows, peers, outputs, column) => {
    const state = createState();
    for (let groupStart = 0; groupStart < rows.length; ) {
      const groupEnd = peers.end[groupStart];
      for (let rowIdx = groupStart; rowIdx < groupEnd; rowIdx++) {
        const row = rows[rowIdx];
        if (filter !== undefined && filter(row) !== true) continue;
        for (let argIdx = 0; argIdx < argExprs.length; argIdx++) args[argIdx] = argExprs[argIdx](row);
        state.apply(args, 1);
      }
      const result = state.result();
      for (let rowIdx = groupStart; rowIdx < groupEnd; rowIdx++) outputs[rowIdx][column] = result;
      groupStart = groupEnd;
    }
  };
}
