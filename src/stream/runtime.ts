// The streaming runtime: materialized views kept up to date, epoch by epoch.
import type { ChangeBatch } from '../types/change-batch.js';
import type { Row } from '../types/value.js';
import type { Dataflow } from './dataflow.js';
import { clock } from '../expr/function-registry.js';
import { Materialize } from './operators/materialize.js';
import { isStateful, type CheckpointSteps, type StateWriter } from './operator-state.js';
import type { LateRow } from './late-rows.js';
import { HeldRows, type ViewRows } from './view-rows.js';

/** The checkpoint id of a view's own rows (its operators are numbered in preorder). */
export const VIEW_STATE_ID = 'view';

/** A writer that drops everything: used once after a restore, when the store already holds the state. */
const alreadyStored: StateWriter = { put: () => undefined, delete: () => undefined };

/** A running materialized view: its dataflow and its rows. */
export interface ViewJob {
  readonly name: string;
  readonly dataflow: Dataflow;
  /** The view's rows: its own state (`Materialize`), or the output operator's (`HeldRows`). */
  readonly state: ViewRows;
  /** A job whose output is written into a table (Flink's `insert into t select`). */
  readonly into?: JobTarget;
}

/** The table a job writes into: `apply` writes the job's changes and returns the table's own changes. */
export interface JobTarget {
  readonly relation: string;
  apply(changes: ChangeBatch): ChangeBatch;
}

/** Listener told about each epoch's changes of a relation (subscriptions, sinks). */
export type ChangeListener = (relation: string, changes: ChangeBatch, epoch: number) => void;

/** Receives the late rows a view dropped in an epoch (see `onLateRows`). */
export type LateRowHandler = (view: string, rows: readonly LateRow[]) => void;

/** Listener told that an epoch ran and how long its propagation took (metrics). */
export type EpochListener = (epoch: number, durationMs: number) => void;

/**
 * Keeps the jobs in creation order, which is a topological order (a view can only read relations that exist
 * before it). An epoch pushes every relation's changes through the jobs that read them; a job's output becomes
 * an input of later jobs in the same epoch, so readers see all views advance together.
 */
export class StreamRuntime {
  private readonly jobs: ViewJob[] = [];
  private epochCounter = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly epochListeners = new Set<EpochListener>();
  private checkpointsOn = false;
  private lateRowHandler: LateRowHandler | undefined;
  /** The time the last epoch ran at: an epoch's time never goes back, even when the wall clock does. */
  private lastEpochTime = -(2n ** 63n);

  /**
   * Runs `fn` with the clock pinned to one instant: every NOW() of an epoch, in every view, reads the same time,
   * so an epoch is one consistent step of time as well as of data. Time only moves forward: a temporal filter's
   * row that aged out (and whose state was dropped) cannot come back.
   */
  private atEpochTime(fn: () => void): void {
    const wallClock = clock.now;
    const now = wallClock();
    const epochTime = now > this.lastEpochTime ? now : this.lastEpochTime;
    this.lastEpochTime = epochTime;
    clock.now = () => epochTime;
    try {
      fn();
    } finally {
      clock.now = wallClock;
    }
  }

  get epoch(): number {
    return this.epochCounter;
  }

  job(name: string): ViewJob | undefined {
    return this.jobs.find((j) => j.name === name);
  }

  /**
   * Starts a view: feeds it the current contents of its inputs (backfill) and runs its first barrier; `watermarks`
   * are the inputs' current watermarks.
   * `snapshot` returns a relation's current rows.
   */
  addView(name: string, dataflow: Dataflow, snapshot: (relation: string) => Iterable<Row>, watermarks?: ReadonlyMap<string, bigint>, into?: JobTarget): ViewJob {
    const state = viewRows(dataflow);
    if (this.checkpointsOn) enableJobCheckpoints(dataflow, state);
    this.atEpochTime(() => {
      for (const relation of dataflow.relations) {
        const rows = [...snapshot(relation)];
        dataflow.push(relation, { rows, weights: rows.map(() => 1) });
        const watermark = watermarks?.get(relation);
        if (watermark !== undefined) dataflow.watermarks.set(relation, watermark);
      }
      const out = dataflow.barrier();
      state.apply(out);
      if (into && out.rows.length > 0) this.runEpoch(new Map([[into.relation, into.apply(out)]]));
    });
    const job = { name, dataflow, state, into };
    this.jobs.push(job);
    return job;
  }

  /**
   * Starts a view from a checkpoint instead of a backfill: every stateful operator and the view's rows get the
   * entries stored under their id (`stored(operatorId)`), and nothing is emitted. A view whose rows an operator
   * holds (`Dataflow.outputHolder`) reads them in that operator's restored state.
   */
  restoreView(
    name: string,
    dataflow: Dataflow,
    stored: (operatorId: string) => Iterable<readonly [Uint8Array, Uint8Array]>,
    watermarks?: ReadonlyMap<string, bigint>,
    into?: JobTarget,
  ): ViewJob {
    if (this.checkpointsOn) enableOperatorCheckpoints(dataflow);
    dataflow.operators().forEach((op, opIdx) => {
      if (isStateful(op)) {
        op.restore(stored(String(opIdx)));
        // What a restore loaded is what the store holds: nothing of it is a change to write again.
        if (this.checkpointsOn) op.checkpoint(alreadyStored);
      }
    });
    // Rows held by the output operator are read in its restored state.
    const state = viewRows(dataflow);
    if (state instanceof Materialize) {
      if (this.checkpointsOn) state.enableCheckpoints();
      state.restore(stored(VIEW_STATE_ID));
      if (this.checkpointsOn) state.checkpoint(alreadyStored);
    }
    dataflow.markStarted();
    if (watermarks) for (const relation of dataflow.relations) {
      const watermark = watermarks.get(relation);
      if (watermark !== undefined) dataflow.watermarks.set(relation, watermark);
    }
    const job = { name, dataflow, state, into };
    this.jobs.push(job);
    return job;
  }

  /** From now on every view tracks its state changes for `checkpoint`; call before views are added. */
  enableCheckpoints(): void {
    this.checkpointsOn = true;
    for (const job of this.jobs) enableJobCheckpoints(job.dataflow, job.state);
  }

  /**
   * Begins a checkpoint of every view's state changes since the last one (`writerFor` gives each operator its
   * writer): operators without steps write theirs now, the others return the steps that write them.
   */
  beginCheckpoint(writerFor: (jobName: string, operatorId: string) => StateWriter): CheckpointSteps[] {
    const steps: CheckpointSteps[] = [];
    for (const job of this.jobs) {
      job.dataflow.operators().forEach((op, opIdx) => {
        if (!isStateful(op)) return;
        const writer = writerFor(job.name, String(opIdx));
        if (op.beginCheckpoint) steps.push(op.beginCheckpoint(writer));
        else op.checkpoint(writer);
      });
      if (job.state instanceof Materialize) steps.push(job.state.beginCheckpoint(writerFor(job.name, VIEW_STATE_ID)));
    }
    return steps;
  }

  /** Continues epoch numbering after a restored checkpoint. */
  resumeAt(epoch: number): void {
    this.epochCounter = epoch;
  }

  /** True when some view changes with the clock alone, so that epochs must run even without input. */
  get hasTimeDrivenViews(): boolean {
    return this.jobs.some((j) => j.dataflow.timeDriven);
  }

  removeView(name: string): void {
    const index = this.jobs.findIndex((j) => j.name === name);
    if (index >= 0) this.jobs.splice(index, 1);
  }

  onChanges(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells `listener` of every epoch run, after its change listeners; returns an unsubscribe function. */
  onEpoch(listener: EpochListener): () => void {
    this.epochListeners.add(listener);
    return () => this.epochListeners.delete(listener);
  }

  /** Runs one epoch over the base relations' changes. Synchronous, so no reader observes half an epoch. */
  runEpoch(changes: Map<string, ChangeBatch>, watermarks?: ReadonlyMap<string, bigint>): number {
    const epoch = ++this.epochCounter;
    const started = this.epochListeners.size > 0 ? performance.now() : 0;
    this.atEpochTime(() => this.propagate(changes, watermarks));
    const durationMs = this.epochListeners.size > 0 ? performance.now() - started : 0;
    for (const listener of this.listeners) {
      for (const [relation, batch] of changes) if (batch.rows.length > 0) listener(relation, batch, epoch);
    }
    for (const listener of this.epochListeners) listener(epoch, durationMs);
    this.reportLateRows();
    return epoch;
  }

  /** Tells `handler` of the rows each view dropped as late in an epoch, after the epoch (it may run another). */
  onLateRows(handler: LateRowHandler): void {
    this.lateRowHandler = handler;
  }

  private reportLateRows(): void {
    const handler = this.lateRowHandler;
    for (const job of this.jobs) {
      const late = job.dataflow.lateRows;
      if (late === undefined || late.length === 0) continue;
      const rows = late.splice(0);
      handler?.(job.name, rows);
    }
  }

  private propagate(changes: Map<string, ChangeBatch>, watermarks: ReadonlyMap<string, bigint> | undefined): void {
    for (const job of this.jobs) {
      let fed = false;
      for (const relation of job.dataflow.relations) {
        const batch = changes.get(relation);
        if (batch && batch.rows.length > 0) {
          job.dataflow.push(relation, batch);
          fed = true;
        }
        // A watermark takes effect after the epoch's rows: rows arriving with it are not late.
        const watermark = watermarks?.get(relation);
        if (watermark !== undefined && watermark !== job.dataflow.watermarks.get(relation)) {
          job.dataflow.watermarks.set(relation, watermark);
          fed = true;
        }
      }
      if (!fed && !job.dataflow.timeDriven) continue;
      const out = job.dataflow.barrier();
      if (out.rows.length === 0) continue;
      job.state.apply(out);
      changes.set(job.name, out);
      // Jobs after this one that read the target table see what it wrote in the same epoch.
      if (job.into) {
        const written = job.into.apply(out);
        const known = changes.get(job.into.relation);
        changes.set(job.into.relation, known ? { rows: [...known.rows, ...written.rows], weights: [...known.weights, ...written.weights] } : written);
      }
    }
  }
}

/** A view's own rows, unless the operator that emits them holds them already. */
function viewRows(dataflow: Dataflow): ViewRows {
  const holder = dataflow.outputHolder();
  return holder !== undefined ? new HeldRows(holder) : new Materialize(dataflow.streamKey);
}

/** Operators' state changes are tracked for checkpoints, and the view's own rows when it keeps any. */
function enableJobCheckpoints(dataflow: Dataflow, state: ViewRows): void {
  enableOperatorCheckpoints(dataflow);
  if (state instanceof Materialize) state.enableCheckpoints();
}

function enableOperatorCheckpoints(dataflow: Dataflow): void {
  for (const op of dataflow.operators()) if (isStateful(op)) op.enableCheckpoints();
}
