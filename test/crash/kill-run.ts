// When and how a crash test kills a child engine: the kill plans both crash tests (pipelines, sinks) draw.
import type { ChildRun } from './child-run.js';
import { LINE, type Progress } from './child-protocol.js';

/** How long a run may go without counting anything new before a planned kill gives up waiting for it. */
const NO_PROGRESS_LIMIT_MS = 10_000;

/** Where a kill landed in the child's life: before the engine opened (loading, restoring), creating the pipelines, or after. */
export type KillPhase = 'starting' | 'setting up' | 'running';

/** When to kill a run: `delayMs` after its start, after it began creating the pipelines, or after it counted new events. */
export interface KillPlan {
  readonly moment: 'early' | 'setup' | 'running';
  readonly delayMs: number;
}

/** Events a progress line says were counted, over all sources. */
export const counted = (progress: Progress): number => Object.values(progress.counts).reduce((sum, count) => sum + count, 0);

/**
 * Kills `run` as `plan` says. "Running" waits for the run to count new events, or, once `sendingDone()`, to have
 * counted every event sent so far (`sent()`). Returns where the kill landed; throws if the run ended by itself.
 */
export async function killRun(run: ChildRun, plan: KillPlan, sendingDone: () => boolean, sent: () => number): Promise<KillPhase> {
  if (plan.moment === 'setup') {
    await Promise.race([run.waitFor(LINE.created), run.waitFor(LINE.ready)]);
  } else if (plan.moment === 'running' && (await run.waitFor(LINE.ready)) !== undefined) {
    const baseline = run.firstProgress ?? (await run.waitForProgress(() => true, NO_PROGRESS_LIMIT_MS));
    if (baseline) {
      const moved = (progress: Progress): boolean => counted(progress) > counted(baseline) || (sendingDone() && counted(progress) >= sent());
      await run.waitForProgress(moved, NO_PROGRESS_LIMIT_MS);
    }
  }
  await Promise.race([new Promise((resolve) => setTimeout(resolve, plan.delayMs)), run.exited]);
  const phase: KillPhase = run.has(LINE.ready) ? 'running' : run.has(LINE.opened) ? 'setting up' : 'starting';
  run.kill();
  const exit = await run.exited;
  if (exit.signal !== 'SIGKILL') throw new Error(`a run ended by itself (code ${exit.code}) before its kill:\n${run.stderr}`);
  return phase;
}
