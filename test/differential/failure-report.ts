// Failure messages of the differential test: what differs, where in which workload, and how to replay it.
import { describeNearTwins, formatRow, formatRowDiff } from './row-diff.js';
import type { RowDiff } from './row-diff.js';
import type { TextResult } from './text-result.js';
import { postgresText } from './views.js';
import type { DiffView } from './views.js';
import type { Workload } from './workload-generator.js';

/** Where in a workload a failure happened. */
export interface FailurePoint {
  readonly workload: Workload;
  /** How many batches the tables hold at that point (0: none yet). */
  readonly batchesApplied: number;
  /** The statement that failed, 1-based within its batch, when a statement failed. */
  readonly statementInBatch?: number;
  /** The replay command for this seed. */
  readonly replayCommand: string;
  /** Whether to append the whole workload as a script (done when one seed is being replayed). */
  readonly withScript: boolean;
}

const MAX_BATCH_LINES = 30;

/** The CREATE statement of a view in Tally. */
export const createViewStatement = (view: DiffView): string => `CREATE MATERIALIZED VIEW ${view.name} AS ${view.tally}`;

/** A view's rows or columns differ from PostgreSQL's. */
export function mismatchReport(
  view: DiffView,
  viewChain: readonly DiffView[],
  point: FailurePoint,
  expected: TextResult,
  actual: TextResult,
  diff: RowDiff,
): string {
  const lines = [`view "${view.name}" differs from PostgreSQL ${stageText(point)}`, ...headerLines(point)];
  const sameColumns = expected.columns.join('\0') === actual.columns.join('\0');
  if (sameColumns) {
    lines.push(`  columns: ${formatRow(expected.columns)}`);
  } else {
    lines.push(`  columns differ: PostgreSQL (${expected.columns.length}) ${formatRow(expected.columns)}`);
    lines.push(`                  Tally      (${actual.columns.length}) ${formatRow(actual.columns)}`);
  }
  lines.push(
    `  rows: PostgreSQL ${expected.rows.length}, Tally ${actual.rows.length}; ` +
      `${diff.missing.length} only in PostgreSQL (-), ${diff.extra.length} only in Tally (+)`,
  );
  const twins = describeNearTwins(diff, actual.columns);
  if (twins !== null) lines.push(`  ${twins}`);
  for (const line of formatRowDiff(diff)) lines.push(`    ${line}`);
  lines.push(...viewSqlLines(view), ...lastBatchLines(point), ...scriptLines(point, viewChain));
  return lines.join('\n');
}

/** Tally raised an error creating or reading a view. */
export function viewErrorReport(
  view: DiffView,
  viewChain: readonly DiffView[],
  point: FailurePoint,
  action: 'CREATE MATERIALIZED VIEW' | 'SELECT * FROM the view',
  error: unknown,
): string {
  return [
    `view "${view.name}": ${action} failed in Tally ${stageText(point)}`,
    ...headerLines(point),
    `  error: ${describeError(error)}`,
    ...viewSqlLines(view),
    ...scriptLines(point, viewChain),
  ].join('\n');
}

/** A view could not be checked because a view it reads could not be created. */
export function dependencyReport(view: DiffView, dependency: string, point: FailurePoint): string {
  return [
    `view "${view.name}" was not checked: it reads view "${dependency}", which Tally could not create`,
    ...headerLines(point),
    ...viewSqlLines(view),
  ].join('\n');
}

/**
 * Tally raised an error on a table statement (CREATE TABLE, INSERT, UPDATE, DELETE) that PostgreSQL ran. When
 * replays pin the error on one view, the report is that view's, with the view's SQL and script.
 */
export function statementErrorReport(
  statement: string,
  point: FailurePoint,
  error: unknown,
  note: string,
  blamedView?: DiffView,
  viewChain: readonly DiffView[] = [],
): string {
  const where =
    point.statementInBatch === undefined
      ? 'while creating the tables'
      : `at statement ${point.statementInBatch} of batch ${point.batchesApplied + 1}`;
  const subject = blamedView ? `view "${blamedView.name}": ` : '';
  return [
    `${subject}Tally failed a statement that PostgreSQL ran, ${where} (seed ${point.workload.seed})`,
    ...headerLines(point),
    `  statement: ${statement}`,
    `  error: ${describeError(error)}`,
    ...(note === '' ? [] : [`  ${note}`]),
    ...(blamedView ? viewSqlLines(blamedView) : []),
    ...scriptLines(point, viewChain),
  ].join('\n');
}

function stageText(point: FailurePoint): string {
  const { workload, batchesApplied } = point;
  const when =
    batchesApplied === workload.viewsAfterBatch
      ? batchesApplied === 0
        ? 'right after CREATE MATERIALIZED VIEW on empty tables'
        : `right after CREATE MATERIALIZED VIEW over batches 1..${batchesApplied} (backfill)`
      : `after batch ${batchesApplied} of ${workload.batches.length}`;
  return `${when} (seed ${workload.seed})`;
}

function headerLines(point: FailurePoint): string[] {
  const { workload } = point;
  const statementCount = workload.batches.reduce((sum, batch) => sum + batch.length, 0);
  const created = workload.viewsAfterBatch === 0 ? 'before batch 1' : `after batch ${workload.viewsAfterBatch}`;
  return [
    `  replay: ${point.replayCommand}`,
    `  workload: seed ${workload.seed} (${workload.size}), ${workload.batches.length} batches, ` +
      `${statementCount} statements; views created ${created}`,
  ];
}

function viewSqlLines(view: DiffView): string[] {
  const lines = ['  Tally SQL:', indent(createViewStatement(view), 4)];
  if (view.postgres !== undefined) lines.push('  PostgreSQL SQL:', indent(postgresText(view), 4));
  return lines;
}

function lastBatchLines(point: FailurePoint): string[] {
  const { workload, batchesApplied } = point;
  if (batchesApplied === 0 || point.withScript) return [];
  const batch = workload.batches[batchesApplied - 1]!;
  const lines = [`  batch ${batchesApplied} (${batch.length} statements):`];
  for (const statement of batch.slice(0, MAX_BATCH_LINES)) lines.push(`    ${statement};`);
  if (batch.length > MAX_BATCH_LINES) lines.push(`    … and ${batch.length - MAX_BATCH_LINES} more (replay the seed to see the whole workload)`);
  return lines;
}

/** The workload up to the failure as one script that Tally runs as is (and PostgreSQL with plain views). */
function scriptLines(point: FailurePoint, viewChain: readonly DiffView[]): string[] {
  if (!point.withScript) return [];
  const { workload } = point;
  const lastBatch = point.statementInBatch === undefined ? point.batchesApplied : point.batchesApplied + 1;
  const lines = ['  script (Tally):'];
  const body: string[] = [];
  const createViews = (): void => {
    for (const view of viewChain) body.push(`${createViewStatement(view)};`);
  };
  if (workload.viewsAfterBatch === 0) createViews();
  for (let batchIdx = 0; batchIdx < lastBatch; batchIdx++) {
    body.push(`-- batch ${batchIdx + 1}`);
    const batch = workload.batches[batchIdx]!;
    const statementCount = batchIdx === point.batchesApplied ? point.statementInBatch! : batch.length;
    for (const statement of batch.slice(0, statementCount)) body.push(`${statement};`);
    if (batchIdx + 1 === workload.viewsAfterBatch) createViews();
  }
  // Only the tables the script uses, so that a shrunk script stays short (all of them if it uses none).
  const text = body.join('\n');
  const used = workload.ddl.filter((_, tableIdx) => new RegExp(`\\b${workload.tables[tableIdx]}\\b`).test(text));
  for (const statement of used.length === 0 ? workload.ddl : used) lines.push(`${statement};`);
  lines.push(...body);
  return [lines[0]!, indent(lines.slice(1).join('\n'), 4)];
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const condition = (error as { condition?: unknown }).condition;
  const prefix = typeof condition === 'string' ? `[${condition}] ` : `${error.name}: `;
  // An internal error (not a SqlError) is a bug: its stack says where.
  const stack = typeof condition === 'string' ? '' : `\n${indent((error.stack ?? '').split('\n').slice(1, 8).join('\n'), 4)}`;
  return `${prefix}${error.message}${stack}`;
}

const indent = (text: string, spaces: number): string =>
  text
    .split('\n')
    .map((line) => `${' '.repeat(spaces)}${line.trim() === '' ? '' : line}`)
    .join('\n');
