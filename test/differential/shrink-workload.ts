// Shrinks a failing workload to a small one that still fails: fewer batches, single-row inserts, fewer statements.
import type { Workload } from './workload-generator.js';

/** Whether a candidate workload still shows the failure. A candidate PostgreSQL rejects must answer false. */
export type FailureCheck = (candidate: Workload) => Promise<boolean>;

/** How many candidates to try at most: each costs a fresh engine and a replay. */
const DEFAULT_BUDGET = 600;

/** One statement with the batch it belongs to. */
interface Placed {
  readonly batchIdx: number;
  readonly sql: string;
}

/**
 * Returns a smaller workload for which `stillFails` holds, by trying candidates in turn (delta debugging):
 * dropping trailing batches, creating the views before any data, splitting multi-row INSERTs, removing
 * statements in shrinking chunks, and merging batches. The result is 1-minimal with respect to
 * single-statement removal unless the budget runs out.
 */
export async function shrinkWorkload(workload: Workload, stillFails: FailureCheck, budget = DEFAULT_BUDGET): Promise<Workload> {
  let best = workload;
  let tries = 0;
  const attempt = async (candidate: Workload): Promise<boolean> => {
    if (tries >= budget) return false;
    tries++;
    if (!(await stillFails(candidate))) return false;
    best = candidate;
    return true;
  };

  for (let keep = best.viewsAfterBatch; keep < best.batches.length; keep++) {
    if (await attempt({ ...best, batches: best.batches.slice(0, keep) })) break;
  }
  if (best.viewsAfterBatch !== 0) await attempt({ ...best, viewsAfterBatch: 0 });
  await attempt(withBatches(best, flatten(best).flatMap(splitInsert)));
  await removeStatements();
  await mergeBatches();
  return best;

  async function removeStatements(): Promise<void> {
    let chunk = Math.max(1, Math.floor(flatten(best).length / 2));
    while (tries < budget) {
      let removedAny = false;
      for (let start = 0; start < flatten(best).length && tries < budget; ) {
        const statements = flatten(best);
        const candidate = withBatches(best, [...statements.slice(0, start), ...statements.slice(start + chunk)]);
        if (await attempt(candidate)) removedAny = true;
        else start += chunk;
      }
      if (chunk === 1 && !removedAny) return;
      if (!removedAny) chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }

  /** Fewer batches mean fewer epochs and comparisons to read through; an empty batch always goes. */
  async function mergeBatches(): Promise<void> {
    for (let batchIdx = best.batches.length - 2; batchIdx >= 0; batchIdx--) {
      const merged = [...best.batches[batchIdx]!, ...best.batches[batchIdx + 1]!];
      const batches = [...best.batches.slice(0, batchIdx), merged, ...best.batches.slice(batchIdx + 2)];
      const viewsAfterBatch = best.viewsAfterBatch > batchIdx ? best.viewsAfterBatch - 1 : best.viewsAfterBatch;
      await attempt({ ...best, batches, viewsAfterBatch });
    }
  }
}

function flatten(workload: Workload): Placed[] {
  return workload.batches.flatMap((batch, batchIdx) => batch.map((sql) => ({ batchIdx, sql })));
}

/** The workload with its statements replaced, keeping the number of batches (some may become empty). */
function withBatches(workload: Workload, statements: readonly Placed[]): Workload {
  const batches: string[][] = workload.batches.map(() => []);
  for (const { batchIdx, sql } of statements) batches[batchIdx]!.push(sql);
  return { ...workload, batches };
}

/** `INSERT INTO t (cols) VALUES (a), (b)` as one INSERT per row. Generated values never contain "), (". */
function splitInsert(statement: Placed): Placed[] {
  const valuesAt = statement.sql.indexOf(' VALUES (');
  if (!statement.sql.startsWith('INSERT INTO') || valuesAt < 0) return [statement];
  const head = statement.sql.slice(0, valuesAt + ' VALUES '.length);
  const tuples = statement.sql.slice(valuesAt + ' VALUES '.length).split('), (');
  if (tuples.length === 1) return [statement];
  return tuples.map((tuple, tupleIdx) => ({
    batchIdx: statement.batchIdx,
    sql: `${head}${tupleIdx === 0 ? '' : '('}${tuple}${tupleIdx === tuples.length - 1 ? '' : ')'}`,
  }));
}
