// A running dataflow: the operator tree of one materialized view (or one batch query), fed relation changes.
import type { ChangeBatch } from '../types/change-batch.js';
import type { Row } from '../types/value.js';
import type { LateRow } from './late-rows.js';
import type { Operator } from './operator.js';
import type { StreamKey } from './operators/materialize.js';
import { isRowHolder, type RowHolder } from './view-rows.js';

/** A node of the operator tree; its output goes to `parent` on input `port`, or to the dataflow's output. */
export interface FlowNode {
  readonly op: Operator;
  readonly children: FlowNode[];
  parent?: FlowNode;
  port: number;
}

/** Where the changes of a scanned relation enter the tree. */
export interface FlowInput {
  readonly node: FlowNode;
  readonly port: number;
}

/**
 * One operator tree. `push` feeds the changes of a relation the tree scans; `barrier` ends the epoch, letting
 * stateful operators emit (children before parents), and returns the tree's output changes of the epoch.
 */
export class Dataflow {
  private outRows: Row[] = [];
  private outWeights: number[] = [];
  private started = false;

  constructor(
    private readonly root: FlowNode,
    /** Relation name -> entry points (a self-join scans a relation twice). */
    readonly inputs: ReadonlyMap<string, readonly FlowInput[]>,
    /** Constant rows (VALUES) entering the tree once, at the first barrier. */
    private readonly constants: readonly (FlowInput & { readonly batch: ChangeBatch })[],
    /** Holds operators whose output changes with the clock: it needs a barrier every epoch, fed or not. */
    readonly timeDriven = false,
    /** The output's stream key (`plan/stream-key.ts`) when the plan has one: the view's state keys its rows by it. */
    readonly streamKey?: StreamKey,
    /** The current watermark of each scanned relation that has one (µs), set by the runtime before barriers. */
    readonly watermarks: Map<string, bigint> = new Map(),
    /**
     * The late rows its operators dropped since the runtime last took them; undefined when no operator of this
     * dataflow drops late rows (no EMIT ON WINDOW CLOSE).
     */
    readonly lateRows?: LateRow[],
  ) {}

  /**
   * The operators in preorder. An operator's index is its id in checkpoints: the same statement planned over the
   * same catalog builds the same tree, so ids are stable across restarts.
   */
  operators(): Operator[] {
    const out: Operator[] = [];
    const visit = (node: FlowNode): void => {
      out.push(node.op);
      for (const child of node.children) visit(child);
    };
    visit(this.root);
    return out;
  }

  /**
   * The operator that emits the output when it holds the output's rows in its own state (`Operator.emittedRows`):
   * the view of the dataflow reads them there and stores none of its own.
   */
  outputHolder(): RowHolder | undefined {
    const op = this.outputOperator();
    return op !== undefined && isRowHolder(op) ? op : undefined;
  }

  /** The single operator whose output is the dataflow's, if the output does not merge several. */
  private outputOperator(): Operator | undefined {
    const children = this.root.children;
    return children.length === 1 ? children[0]!.op : undefined;
  }

  /** Marks the dataflow as already started (restored from a checkpoint): its constants were delivered before. */
  markStarted(): void {
    this.started = true;
  }

  /** Names of the relations this dataflow reads. */
  get relations(): string[] {
    return [...this.inputs.keys()];
  }

  push(relation: string, batch: ChangeBatch): void {
    if (batch.rows.length === 0) return;
    const entries = this.inputs.get(relation);
    if (!entries) return;
    for (const entry of entries) this.deliver(entry.node, entry.port, batch);
  }

  barrier(): ChangeBatch {
    if (!this.started) {
      this.started = true;
      for (const c of this.constants) this.deliver(c.node, c.port, c.batch);
    }
    this.barrierNode(this.root);
    const out = { rows: this.outRows, weights: this.outWeights };
    this.outRows = [];
    this.outWeights = [];
    return out;
  }

  private barrierNode(node: FlowNode): void {
    for (const child of node.children) this.barrierNode(child);
    const out = node.op.barrier();
    if (out && out.rows.length > 0) this.emit(node, out);
  }

  private deliver(node: FlowNode, port: number, batch: ChangeBatch): void {
    const out = node.op.push(port, batch);
    if (out && out.rows.length > 0) this.emit(node, out);
  }

  private emit(node: FlowNode, batch: ChangeBatch): void {
    const parent = node.parent;
    if (parent) {
      this.deliver(parent, node.port, batch);
      return;
    }
    const { rows, weights } = batch;
    if (this.outRows.length === 0) {
      // The epoch's first changes (mostly its only ones) as one exact copy; pushes would grow the arrays step by
      // step. A copy, not the batch's own arrays: an operator may pass on a batch that others hold too.
      this.outRows = rows.slice();
      this.outWeights = weights.slice();
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      this.outRows.push(rows[i]!);
      this.outWeights.push(weights[i]!);
    }
  }
}
