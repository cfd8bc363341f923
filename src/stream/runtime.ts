// The streaming runtime: materialized views kept up to date, epoch by epoch.
import type { ChangeBatch } from '../types/change-batch.js';
import type { Row } from '../types/value.js';
import type { Dataflow } from './dataflow.js';
import { clock } from '../expr/function-registry.js';
import { Materialize } from './operators/materialize.js';

/**
 * Runs `fn` with the clock pinned to one instant: every NOW() of an epoch, in every view, reads the same time,
 * so an epoch is one consistent step of time as well as of data.
 */
function atEpochTime(fn: () => void): void {
  const wallClock = clock.now;
  const epochTime = wallClock();
  clock.now = () => epochTime;
  try {
    fn();
  } finally {
    clock.now = wallClock;
  }
}

/** A running materialized view: its dataflow and its state. */
export interface ViewJob {
  readonly name: string;
  readonly dataflow: Dataflow;
  readonly state: Materialize;
}

/** Listener told about each epoch's changes of a relation (subscriptions, sinks). */
export type ChangeListener = (relation: string, changes: ChangeBatch, epoch: number) => void;

/**
 * Keeps the jobs in creation order, which is a topological order (a view can only read relations that exist
 * before it). An epoch pushes every relation's changes through the jobs that read them; a job's output becomes
 * an input of later jobs in the same epoch, so readers see all views advance together.
 */
export class StreamRuntime {
  private readonly jobs: ViewJob[] = [];
  private epochCounter = 0;
  private readonly listeners = new Set<ChangeListener>();

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
  addView(name: string, dataflow: Dataflow, snapshot: (relation: string) => Iterable<Row>, watermarks?: ReadonlyMap<string, bigint>): ViewJob {
    const state = new Materialize(dataflow.streamKey);
    atEpochTime(() => {
      for (const relation of dataflow.relations) {
        const rows = [...snapshot(relation)];
        dataflow.push(relation, { rows, weights: rows.map(() => 1) });
        const watermark = watermarks?.get(relation);
        if (watermark !== undefined) dataflow.watermarks.set(relation, watermark);
      }
      state.apply(dataflow.barrier());
    });
    const job = { name, dataflow, state };
    this.jobs.push(job);
    return job;
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

  /** Runs one epoch over the base relations' changes. Synchronous, so no reader observes half an epoch. */
  runEpoch(changes: Map<string, ChangeBatch>, watermarks?: ReadonlyMap<string, bigint>): number {
    const epoch = ++this.epochCounter;
    atEpochTime(() => this.propagate(changes, watermarks));
    for (const listener of this.listeners) {
      for (const [relation, batch] of changes) if (batch.rows.length > 0) listener(relation, batch, epoch);
    }
    return epoch;
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
    }
  }
}
