// Replays a failing seed with smaller and smaller workloads and reports the smallest that still fails.
import { DifferentialRun } from './differential-run.js';
import type { DifferentialRunOptions, TallyTarget } from './differential-run.js';
import type { Oracle } from './oracle.js';
import { shrinkWorkload } from './shrink-workload.js';
import { selectViews } from './views.js';
import type { Workload } from './workload-generator.js';

/** What a failure is about: one view (with the views it reads), or table statements with no view at all. */
export type FailureSubject = { readonly view: string } | { readonly statements: true };

const statementCount = (workload: Workload): number => workload.batches.reduce((sum, batch) => sum + batch.length, 0);

/**
 * Shrinks the workload on which `subject` failed and returns the failure report of the smallest workload
 * that still fails (it carries that workload as a script), or null if the failure does not reproduce.
 */
export async function shrinkFailure(
  oracle: Oracle,
  openTarget: () => Promise<TallyTarget>,
  options: DifferentialRunOptions,
  workload: Workload,
  subject: FailureSubject,
): Promise<string | null> {
  const views = 'view' in subject ? selectViews(subject.view) : [];
  const probe = async (candidate: Workload): Promise<DifferentialRun | null> => {
    const run = new DifferentialRun(oracle, views, openTarget, { ...options, withScripts: true });
    try {
      await run.run(candidate);
    } catch {
      // PostgreSQL rejected a statement of the candidate (say, an INSERT whose DELETE was removed).
      return null;
    }
    return run;
  };
  const reportOf = (run: DifferentialRun | null): string | null => {
    if (!run) return null;
    if ('view' in subject) return run.failureOf(subject.view)?.report ?? null;
    return run.statementFailure()?.failure.report ?? null;
  };
  let tries = 0;
  const shrunk = await shrinkWorkload(workload, async (candidate) => {
    tries++;
    return reportOf(await probe(candidate)) !== null;
  });
  const report = reportOf(await probe(shrunk));
  if (report === null) return null;
  return (
    `shrunk from ${statementCount(workload)} statements in ${workload.batches.length} batches to ` +
    `${statementCount(shrunk)} statements in ${shrunk.batches.length} batches (${tries} replays):\n${report}`
  );
}
