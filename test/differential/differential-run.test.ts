// Tests the differential harness itself, with PostgreSQL standing in for Tally and faults injected into it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DifferentialRun } from './differential-run.js';
import type { TallyTarget } from './differential-run.js';
import { openPgliteTextRunner, oracleOver } from './oracle.js';
import { shrinkFailure } from './shrink-failure.js';
import type { Oracle, TextQueryRunner } from './oracle.js';
import { DIFF_VIEWS, postgresText, selectViews } from './views.js';
import type { DiffView } from './views.js';
import { generateWorkload } from './workload-generator.js';

/** Rewrites or rejects a statement before the stand-in engine runs it; `views` are the views created so far. */
type Fault = (statement: string, views: ReadonlySet<string>) => string;

const VIEWS = selectViews('v_agg_int,seller_rating_metrics,v_join_left,mv_gmv_daily,vv_busy_merchants');
const SEEDS = [3, 4, 5];

const USE_STAND_IN = 'SET search_path TO stand_in';

/**
 * A stand-in for Tally: PostgreSQL in its own schema, materialized views created as plain views. With
 * `reorder`, the tables are rewritten in random order before each read and every other read avoids hash
 * aggregation, so that a view whose answer depends on the order rows are read in shows up as a difference.
 */
function standIn(
  runner: TextQueryRunner,
  views: readonly DiffView[],
  fault: Fault,
  reorder = false,
): () => Promise<TallyTarget> {
  const byName = new Map(views.map((view) => [view.name, view]));
  return async () => {
    await runner.run('DROP SCHEMA IF EXISTS stand_in CASCADE; CREATE SCHEMA stand_in; SELECT setseed(0.42)');
    const created = new Set<string>();
    let changed = false;
    let reads = 0;
    return {
      async execute(statement) {
        const sql = fault(statement, created);
        const view = /^CREATE MATERIALIZED VIEW (\w+) AS/.exec(sql);
        if (view) {
          await runner.run(`${USE_STAND_IN}; CREATE VIEW ${view[1]} AS ${postgresText(byName.get(view[1]!)!)}`);
          created.add(view[1]!);
        } else {
          await runner.run(`${USE_STAND_IN}; ${sql}`);
          changed = true;
        }
      },
      async snapshot(name) {
        if (!reorder) return (await runner.run(`${USE_STAND_IN}; SELECT * FROM ${name}`))[1]!;
        if (changed) {
          await runner.run([USE_STAND_IN, ...['orders', 'fulfillment', 'ratings'].map(shuffleTable)].join(';\n'));
          changed = false;
        }
        const hashagg = reads++ % 2 === 0 ? 'off' : 'on';
        const results = await runner.run(`${USE_STAND_IN}; SET enable_hashagg = ${hashagg}; SELECT * FROM ${name}; RESET enable_hashagg`);
        return results[2]!;
      },
      close: async () => undefined,
    };
  };
}

const shuffleTable = (table: string): string =>
  `CREATE TEMP TABLE shuffled AS SELECT * FROM ${table} ORDER BY random(); TRUNCATE ${table}; ` +
  `INSERT INTO ${table} SELECT * FROM shuffled; DROP TABLE shuffled`;

describe('differential harness', () => {
  // One PostgreSQL serves as both the oracle and the stand-in, each in its own schema.
  let standInRunner: TextQueryRunner;
  let oracle: Oracle;
  beforeAll(async () => {
    standInRunner = await openPgliteTextRunner();
    oracle = oracleOver(standInRunner, 'PGlite');
  }, 60_000);
  afterAll(async () => {
    await standInRunner.close();
  });

  const options = {
    replayCommand: (seed: number, view?: string) => `replay ${seed} ${view ?? ''}`,
    withScripts: false,
    statementTimeoutMs: 10_000,
  };

  async function runWith(fault: Fault): Promise<DifferentialRun> {
    const run = new DifferentialRun(oracle, VIEWS, standIn(standInRunner, VIEWS, fault), options);
    for (const seed of SEEDS) await run.run(generateWorkload(seed));
    return run;
  }

  it('finds no difference between PostgreSQL and itself', async () => {
    const run = await runWith((statement) => statement);
    expect(run.statementFailure()).toBeNull();
    for (const view of VIEWS) {
      expect(run.failureOf(view.name)?.report).toBeUndefined();
      expect(run.passesWithData(view.name)).toBeGreaterThan(0);
    }
    expect(run.summary()).toMatch(/7 of 7 views match PostgreSQL$/);
  });

  it('reports a wrong view with seed, batch, SQL and the rows that differ', async () => {
    // Tally "forgets" deletes of ratings: only the views over ratings go wrong.
    const run = await runWith((statement) => (statement.startsWith('DELETE FROM ratings') ? 'SELECT 1' : statement));
    const report = run.failureOf('seller_rating_metrics')?.report ?? '';
    expect(report).toMatch(/^view "seller_rating_metrics" differs from PostgreSQL after batch \d of \d \(seed \d\)/);
    expect(report).toContain('replay: replay');
    expect(report).toContain('CREATE MATERIALIZED VIEW seller_rating_metrics AS SELECT');
    expect(report).toMatch(/\n {4}[-+] s\d\d \| /);
    expect(report).toMatch(/ {2}batch \d \(\d+ statements\):\n {4}/);
    expect(run.failureOf('v_agg_int')).toBeUndefined();
  });

  it('reports a view Tally cannot create, and the views that read it', async () => {
    const run = await runWith((statement) => {
      if (statement.startsWith('CREATE MATERIALIZED VIEW mv_gmv_hourly')) throw new Error('window functions are hard');
      return statement;
    });
    expect(run.failureOf('mv_gmv_hourly')?.report).toMatch(/CREATE MATERIALIZED VIEW failed in Tally[^]*window functions are hard/);
    expect(run.failureOf('mv_gmv_daily')?.report).toMatch(/reads view "mv_gmv_hourly", which Tally could not create/);
    expect(run.failureOf('v_agg_int')).toBeUndefined();
  });

  it('blames the view whose presence makes a table statement fail', async () => {
    const run = await runWith((statement, views) => {
      if (views.has('v_agg_int') && statement.startsWith('INSERT INTO fulfillment')) throw new Error('state table overflow');
      return statement;
    });
    expect(run.statementFailure()).toBeNull();
    const report = run.failureOf('v_agg_int')?.report ?? '';
    expect(report).toMatch(/^view "v_agg_int": Tally failed a statement that PostgreSQL ran, at statement \d+ of batch \d/);
    expect(report).toContain('fails with only this view');
    expect(run.failureOf('seller_rating_metrics')).toBeUndefined();
  });

  it('reports a table statement that fails without any view', async () => {
    const run = await runWith((statement) => {
      if (statement.startsWith('UPDATE orders')) throw new Error('UPDATE is not supported');
      return statement;
    });
    const failed = run.statementFailure();
    expect(failed?.failure.report).toMatch(/Tally failed a statement that PostgreSQL ran, at statement \d+ of batch \d/);
    expect(failed?.failure.report).toMatch(/statement: UPDATE orders/);
    for (const view of VIEWS) expect(run.failureOf(view.name)).toBeUndefined();
  });

  it('shrinks a failing workload to the statements that cause the failure', async () => {
    const forgetRatingDeletes: Fault = (statement) => (statement.startsWith('DELETE FROM ratings') ? 'SELECT 1' : statement);
    const run = await runWith(forgetRatingDeletes);
    const seed = run.failureOf('seller_rating_metrics')!.seed;
    const report = await shrinkFailure(
      oracle,
      standIn(standInRunner, VIEWS, forgetRatingDeletes),
      options,
      generateWorkload(seed),
      { view: 'seller_rating_metrics' },
    );
    expect(report).toMatch(/^shrunk from \d+ statements in \d batches to 2 statements in 1 batches \(\d+ replays\):\nview "seller_rating_metrics"/);
    const script = report!.slice(report!.indexOf('script (Tally):'));
    expect(script).not.toContain('CREATE TABLE orders');
    expect(script).toMatch(/-- batch 1\n {4}INSERT INTO ratings .*;\n {4}DELETE FROM ratings WHERE rating_id = '(r\d+)';$/);
  });

  it('checks views whose answers do not depend on the order rows are stored and read in', async () => {
    const run = new DifferentialRun(oracle, DIFF_VIEWS, standIn(standInRunner, DIFF_VIEWS, (statement) => statement, true), options);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 20]) await run.run(generateWorkload(seed));
    for (const view of DIFF_VIEWS) expect(run.failureOf(view.name)?.report).toBeUndefined();
    expect(run.summary()).toMatch(new RegExp(`${DIFF_VIEWS.length} of ${DIFF_VIEWS.length} views match PostgreSQL$`));
  });
});
