// Runs workloads on Tally and on the PostgreSQL oracle and records, per view, the first way Tally differs.
import {
  createViewStatement,
  dependencyReport,
  mismatchReport,
  statementErrorReport,
  viewErrorReport,
} from './failure-report.js';
import type { FailurePoint } from './failure-report.js';
import type { Oracle } from './oracle.js';
import { diffRows, isEmptyDiff } from './row-diff.js';
import type { TextResult } from './text-result.js';
import { postgresText } from './views.js';
import type { DiffView } from './views.js';
import type { Workload } from './workload-generator.js';

/** The system under test, one fresh instance per workload. Implemented over Tally's Engine (and fakes in tests). */
export interface TallyTarget {
  /** Runs one statement; throws its error. */
  execute(statement: string): Promise<void>;
  /** `SELECT * FROM name`, every value in PostgreSQL's text form. */
  snapshot(name: string): Promise<TextResult>;
  close(): Promise<void>;
}

/** The first failure seen for a view, or for table statements. */
export interface DifferentialFailure {
  readonly seed: number;
  readonly report: string;
}

export interface DifferentialRunOptions {
  /** The shell command that replays one seed, optionally for one view only. */
  replayCommand(seed: number, viewName?: string): string;
  /** Append the whole workload as a script to each report; meant for replaying a single seed. */
  readonly withScripts: boolean;
  /** A Tally call that takes longer than this fails (an engine that hangs must not hang the test). */
  readonly statementTimeoutMs: number;
}

/** Where a workload stands: batches fully applied, and the 1-based statement of the next batch being run. */
interface Position {
  batchesApplied: number;
  statementInBatch: number | undefined;
}

/**
 * A differential run over many workloads. Once a view has failed it is no longer compared (only created
 * when a view that reads it still needs it), so that one run reports the first failure of every view.
 */
export class DifferentialRun {
  private readonly viewFailures = new Map<string, DifferentialFailure>();
  private firstStatementFailure: DifferentialFailure | null = null;
  private statementFailureCount = 0;
  private workloadsRun = 0;
  private comparisons = 0;
  /** Per view, how many comparisons it passed with data in the tables. */
  private readonly passedWithData = new Map<string, number>();
  private readonly byName: Map<string, DiffView>;

  constructor(
    private readonly oracle: Oracle,
    private readonly views: readonly DiffView[],
    private readonly openTarget: () => Promise<TallyTarget>,
    private readonly options: DifferentialRunOptions,
  ) {
    this.byName = new Map(views.map((view) => [view.name, view]));
  }

  failureOf(viewName: string): DifferentialFailure | undefined {
    return this.viewFailures.get(viewName);
  }

  /**
   * How many times the view matched PostgreSQL after at least one batch. Zero without a failure means the
   * view was never really checked, say because every workload stopped at a table statement Tally failed.
   */
  passesWithData(viewName: string): number {
    return this.passedWithData.get(viewName) ?? 0;
  }

  /** The first failed table statement that no single view explains, with how many workloads had one. */
  statementFailure(): { failure: DifferentialFailure; workloads: number } | null {
    return this.firstStatementFailure && { failure: this.firstStatementFailure, workloads: this.statementFailureCount };
  }

  summary(): string {
    const failing = this.views.filter((view) => this.viewFailures.has(view.name)).map((view) => view.name);
    const unchecked = this.views.filter((view) => !this.viewFailures.has(view.name) && this.passesWithData(view.name) === 0);
    const statements =
      this.statementFailureCount === 0 ? '' : `; table statements failed in ${this.statementFailureCount} workloads`;
    return (
      `differential against ${this.oracle.description}: ${this.workloadsRun} workloads, ${this.comparisons} view comparisons; ` +
      `${this.views.length - failing.length - unchecked.length} of ${this.views.length} views match PostgreSQL${statements}` +
      (failing.length === 0 ? '' : `; failing: ${failing.join(', ')}`) +
      (unchecked.length === 0 ? '' : `; never compared with data: ${unchecked.map((view) => view.name).join(', ')}`)
    );
  }

  /** Runs one workload on a fresh Tally and on the oracle, comparing the views still passing after each batch. */
  async run(workload: Workload): Promise<void> {
    const toCompare = this.views.filter((view) => !this.viewFailures.has(view.name));
    // With no view selected at all, the run still checks that Tally runs the table statements.
    if (toCompare.length === 0 && this.views.length > 0) return;
    this.workloadsRun++;
    await this.oracle.prepare({
      ddl: workload.ddl,
      tables: workload.tables,
      views: this.views.map((view) => ({ name: view.name, sql: postgresText(view) })),
    });
    const target = await this.open();
    const position: Position = { batchesApplied: 0, statementInBatch: undefined };
    const created = new Set<string>();
    let comparing = toCompare;
    const fail = (view: DiffView, report: string): void => {
      this.recordViewFailure(view.name, { seed: workload.seed, report });
      comparing = comparing.filter((candidate) => candidate !== view);
    };
    const createViewsAndCompare = async (): Promise<void> => {
      await this.createViews(target, workload, position, this.withDependencies(comparing), created, fail);
      await this.compare(target, workload, position, comparing.filter((view) => created.has(view.name)), fail);
    };
    try {
      for (const statement of workload.ddl) {
        if (!(await this.executeInTally(target, workload, position, statement, created))) return;
      }
      if (workload.viewsAfterBatch === 0) await createViewsAndCompare();
      for (const batch of workload.batches) {
        for (let statementIdx = 0; statementIdx < batch.length; statementIdx++) {
          position.statementInBatch = statementIdx + 1;
          await this.executeInOracle(workload, position, batch[statementIdx]!);
          if (!(await this.executeInTally(target, workload, position, batch[statementIdx]!, created))) return;
        }
        position.statementInBatch = undefined;
        position.batchesApplied++;
        if (position.batchesApplied === workload.viewsAfterBatch) await createViewsAndCompare();
        else if (position.batchesApplied > workload.viewsAfterBatch) {
          await this.compare(target, workload, position, comparing.filter((view) => created.has(view.name)), fail);
        }
        if (comparing.length === 0 && this.views.length > 0) return;
      }
    } finally {
      await this.closeQuietly(target);
    }
  }

  private async createViews(
    target: TallyTarget,
    workload: Workload,
    position: Position,
    views: readonly DiffView[],
    created: Set<string>,
    fail: (view: DiffView, report: string) => void,
  ): Promise<void> {
    for (const view of views) {
      const point = this.point(workload, position, view);
      const missing = (view.dependsOn ?? []).find((dependency) => !created.has(dependency));
      if (missing !== undefined) {
        fail(view, dependencyReport(view, missing, point));
        continue;
      }
      try {
        await this.timed(target.execute(createViewStatement(view)), `creating view "${view.name}"`);
        created.add(view.name);
      } catch (error) {
        fail(view, viewErrorReport(view, this.withDependencies([view]), point, 'CREATE MATERIALIZED VIEW', error));
      }
    }
  }

  private async compare(
    target: TallyTarget,
    workload: Workload,
    position: Position,
    views: readonly DiffView[],
    fail: (view: DiffView, report: string) => void,
  ): Promise<void> {
    const expected = await this.oracle.snapshot(views.map((view) => view.name));
    this.comparisons += views.length;
    for (const view of views) {
      let actual: TextResult;
      try {
        actual = await this.timed(target.snapshot(view.name), `reading view "${view.name}"`);
      } catch (error) {
        const point = this.point(workload, position, view);
        fail(view, viewErrorReport(view, this.withDependencies([view]), point, 'SELECT * FROM the view', error));
        continue;
      }
      const wanted = expected.get(view.name)!;
      const diff = diffRows(wanted.rows, actual.rows);
      if (isEmptyDiff(diff) && wanted.columns.join('\0') === actual.columns.join('\0')) {
        if (position.batchesApplied > 0) this.passedWithData.set(view.name, this.passesWithData(view.name) + 1);
        continue;
      }
      const point = this.point(workload, position, view);
      fail(view, mismatchReport(view, this.withDependencies([view]), point, wanted, actual, diff));
    }
  }

  private async executeInOracle(workload: Workload, position: Position, statement: string): Promise<void> {
    try {
      await this.oracle.execute(statement);
    } catch (error) {
      // The generator must only produce statements PostgreSQL accepts: this is a bug of the test itself.
      throw new Error(
        `PostgreSQL rejected a generated statement (seed ${workload.seed}, batch ${position.batchesApplied + 1}): ` +
          `${error instanceof Error ? error.message : String(error)}\n${statement}`,
        { cause: error },
      );
    }
  }

  /** Runs a table statement in Tally; on error, blames the views that cause it, or records a statement failure. */
  private async executeInTally(
    target: TallyTarget,
    workload: Workload,
    position: Position,
    statement: string,
    created: ReadonlySet<string>,
  ): Promise<boolean> {
    try {
      await this.timed(target.execute(statement), 'running a table statement');
      return true;
    } catch (error) {
      const { culprits, note } = await this.blame(workload, position, [...created].map((name) => this.view(name)));
      if (culprits.length === 0) {
        this.statementFailureCount++;
        this.firstStatementFailure ??= {
          seed: workload.seed,
          report: statementErrorReport(statement, this.point(workload, position), error, note),
        };
      }
      for (const view of culprits) {
        const point = this.point(workload, position, view);
        this.recordViewFailure(view.name, {
          seed: workload.seed,
          report: statementErrorReport(statement, point, error, note, view, this.withDependencies([view])),
        });
      }
      return false;
    }
  }

  /**
   * The views whose presence alone makes the failing statement fail: each is tried on its own, from a fresh
   * Tally, replaying the workload up to that statement. Runs once per failing view, since a blamed view is
   * no longer created.
   */
  private async blame(
    workload: Workload,
    position: Position,
    createdViews: readonly DiffView[],
  ): Promise<{ culprits: DiffView[]; note: string }> {
    if (position.statementInBatch === undefined) return { culprits: [], note: '' };
    if (createdViews.length === 0) return { culprits: [], note: 'No materialized view existed yet.' };
    if (await this.replayFails(workload, position, [])) {
      return { culprits: [], note: 'It fails the same way with no materialized view created.' };
    }
    const culprits: DiffView[] = [];
    for (const view of createdViews) {
      if (this.viewFailures.has(view.name)) continue;
      if (await this.replayFails(workload, position, this.withDependencies([view]))) culprits.push(view);
    }
    if (culprits.length === 0) {
      const names = createdViews.map((view) => view.name).join(', ');
      return { culprits, note: `It fails with these views together but with none of them alone: ${names}.` };
    }
    // A view that fails only because a view it reads fails is not to blame.
    const blamed = culprits.filter((view) => !culprits.some((other) => other !== view && this.dependsOn(view, other)));
    return { culprits: blamed, note: 'It succeeds with no materialized view, and fails with only this view (and the views it reads).' };
  }

  /** Whether a fresh Tally with only `views` fails somewhere in the workload up to `position`'s statement. */
  private async replayFails(workload: Workload, position: Position, views: readonly DiffView[]): Promise<boolean> {
    const target = await this.open();
    try {
      for (const statement of workload.ddl) await this.timed(target.execute(statement), 'replaying');
      const createViews = async (): Promise<void> => {
        for (const view of views) await this.timed(target.execute(createViewStatement(view)), 'replaying');
      };
      if (workload.viewsAfterBatch === 0) await createViews();
      for (let batchIdx = 0; batchIdx <= position.batchesApplied; batchIdx++) {
        const batch = workload.batches[batchIdx]!;
        const count = batchIdx === position.batchesApplied ? position.statementInBatch! : batch.length;
        for (const statement of batch.slice(0, count)) await this.timed(target.execute(statement), 'replaying');
        if (batchIdx + 1 === workload.viewsAfterBatch) await createViews();
      }
      return false;
    } catch {
      return true;
    } finally {
      await this.closeQuietly(target);
    }
  }

  private dependsOn(view: DiffView, other: DiffView): boolean {
    return (view.dependsOn ?? []).some((name) => name === other.name || this.dependsOn(this.view(name), other));
  }

  /** The given views and every view they read, dependencies first. */
  private withDependencies(views: readonly DiffView[]): DiffView[] {
    const needed = new Set<string>();
    const visit = (view: DiffView): void => {
      if (needed.has(view.name)) return;
      needed.add(view.name);
      for (const dependency of view.dependsOn ?? []) visit(this.view(dependency));
    };
    views.forEach(visit);
    return this.views.filter((view) => needed.has(view.name));
  }

  private view(name: string): DiffView {
    const view = this.byName.get(name);
    if (!view) throw new Error(`differential view "${name}" is read by another view but is not selected`);
    return view;
  }

  private recordViewFailure(viewName: string, failure: DifferentialFailure): void {
    if (!this.viewFailures.has(viewName)) this.viewFailures.set(viewName, failure);
  }

  private point(workload: Workload, position: Position, view?: DiffView): FailurePoint {
    return {
      workload,
      batchesApplied: position.batchesApplied,
      statementInBatch: position.statementInBatch,
      replayCommand: this.options.replayCommand(workload.seed, view?.name),
      withScript: this.options.withScripts,
    };
  }

  private async open(): Promise<TallyTarget> {
    return this.timed(this.openTarget(), 'opening an engine');
  }

  private async closeQuietly(target: TallyTarget): Promise<void> {
    // A failed close must not hide the failure being reported; the next workload opens a fresh engine anyway.
    await this.timed(target.close(), 'closing the engine').catch(() => undefined);
  }

  private timed<T>(promise: Promise<T>, what: string): Promise<T> {
    const limitMs = this.options.statementTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Tally did not finish ${what} within ${limitMs} ms`)), limitMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
