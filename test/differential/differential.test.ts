// Differential test: every view, maintained by Tally through generated workloads, equals PostgreSQL's answer.
//
// Environment:
//   TALLY_DIFF_WORKLOADS=n   how many workloads (default 200; `npm run test:long` runs 5000)
//   TALLY_DIFF_FIRST_SEED=s  first seed of the run (default 1); seeds s, s+1, ... are used
//   TALLY_DIFF_SEED=s        replay only seed s; reports then carry the whole workload as a script
//   TALLY_DIFF_VIEWS=a,b     only these views (and the views they read)
//   TALLY_DIFF_SHRINK=1|0    when replaying a seed, shrink each failure to a small workload that still fails
//                            (default: on when TALLY_DIFF_VIEWS names the views, as the printed replay commands do)
//   TALLY_DIFF_PG_URL=url    a PostgreSQL server instead of the embedded PGlite (needs the "pg" package)
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DifferentialRun } from './differential-run.js';
import { openOracle } from './oracle.js';
import type { Oracle } from './oracle.js';
import { shrinkFailure } from './shrink-failure.js';
import type { FailureSubject } from './shrink-failure.js';
import { openTallyTarget } from './tally-target.js';
import { selectViews } from './views.js';
import { generateWorkload } from './workload-generator.js';

const DEFAULT_WORKLOADS = 200;
const STATEMENT_TIMEOUT_MS = 10_000;
/** Time allowed per workload before the whole run is declared hung; generous, since a machine may be busy. */
const MS_PER_WORKLOAD = 3_000;
const PROGRESS_EVERY = 250;
const SHRINK_TIMEOUT_MS = 15 * 60_000;

function integerFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${text}"`);
  return value;
}

const replaySeed = process.env.TALLY_DIFF_SEED?.trim() ? integerFromEnv('TALLY_DIFF_SEED', 0) : undefined;
const firstSeed = integerFromEnv('TALLY_DIFF_FIRST_SEED', 1);
const workloadCount = replaySeed === undefined ? integerFromEnv('TALLY_DIFF_WORKLOADS', DEFAULT_WORKLOADS) : 1;
const seeds = replaySeed === undefined ? Array.from({ length: workloadCount }, (_, idx) => firstSeed + idx) : [replaySeed];
const views = selectViews(process.env.TALLY_DIFF_VIEWS);
const namedViews = (process.env.TALLY_DIFF_VIEWS ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
const shrinkSetting = process.env.TALLY_DIFF_SHRINK?.trim();
const shrinking = replaySeed !== undefined && (shrinkSetting === '1' || (shrinkSetting !== '0' && namedViews.length > 0));

const replayCommand = (seed: number, viewName?: string): string =>
  `TALLY_DIFF_SEED=${seed}${viewName === undefined ? '' : ` TALLY_DIFF_VIEWS=${viewName}`} ` +
  'npx vitest run test/differential/differential.test.ts';

describe(`Tally views equal PostgreSQL's over ${seeds.length} generated workloads`, () => {
  let oracle: Oracle | undefined;
  let run: DifferentialRun;
  /** Reports of shrunk failures, by view name ('' for table statements), when replaying with shrinking on. */
  const shrunkReports = new Map<string, string>();

  beforeAll(async () => {
    oracle = await openOracle();
    const options = { replayCommand, withScripts: replaySeed !== undefined, statementTimeoutMs: STATEMENT_TIMEOUT_MS };
    run = new DifferentialRun(oracle, views, openTallyTarget, options);
    for (const [seedIdx, seed] of seeds.entries()) {
      await run.run(generateWorkload(seed));
      if (seeds.length > DEFAULT_WORKLOADS && (seedIdx + 1) % PROGRESS_EVERY === 0) {
        process.stderr.write(`differential: ${seedIdx + 1} of ${seeds.length} workloads\n`);
      }
    }
    if (!shrinking || replaySeed === undefined) return;
    const subjects: [string, FailureSubject][] = (namedViews.length > 0 ? namedViews : views.map((view) => view.name))
      .filter((name) => run.failureOf(name) !== undefined)
      .map((name) => [name, { view: name }]);
    if (run.statementFailure()) subjects.push(['', { statements: true }]);
    for (const [key, subject] of subjects) {
      const report = await shrinkFailure(oracle, openTallyTarget, options, generateWorkload(replaySeed), subject);
      if (report !== null) shrunkReports.set(key, report);
    }
  }, 60_000 + seeds.length * MS_PER_WORKLOAD + (shrinking ? SHRINK_TIMEOUT_MS : 0));

  afterAll(async () => {
    if (run) console.log(run.summary());
    await oracle?.close();
  });

  /** The shrunk report when there is one, followed by the first line of the original. */
  const reportFor = (key: string, original: string): string => {
    const shrunk = shrunkReports.get(key);
    return shrunk === undefined ? original : `${shrunk}\n\n(before shrinking: ${original.split('\n')[0]})`;
  };

  it('Tally runs every table statement that PostgreSQL runs', () => {
    const failed = run.statementFailure();
    if (failed) {
      const note = `\n  (table statements failed in ${failed.workloads} workloads; this is the first)`;
      throw new Error(reportFor('', failed.failure.report + note));
    }
  });

  it.each(views.map((view) => view.name))('view %s', (name) => {
    const failure = run.failureOf(name);
    if (failure) throw new Error(reportFor(name, failure.report));
    if (run.passesWithData(name) === 0) {
      throw new Error(
        `view "${name}" was never compared with data in the tables: every workload stopped before ` +
          'its first batch was checked (see the failure of the table statements)',
      );
    }
  });
});
