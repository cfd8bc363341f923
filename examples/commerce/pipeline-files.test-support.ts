// The commerce pipeline files of this folder, read and split into named statements for the tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectDialect, parseScript } from '../../src/sql/index.js';
import type * as ast from '../../src/sql/ast.js';

/** This folder. */
export const COMMERCE_DIR = dirname(fileURLToPath(import.meta.url));

/** The pipelines in the order the demo loads them (002's alert_feed reads 001's views). */
export const PIPELINE_FILES = [
  '000_gmv.sql',
  '001_seller_performance.sql',
  '002_promotion_monitoring.sql',
  '003_channel_statistics.sql',
  '004_sales_insights.sql',
] as const;

export type PipelineFile = (typeof PIPELINE_FILES)[number];

/** One statement of a pipeline file. */
export interface PipelineStatement {
  readonly file: string;
  readonly kind: 'source' | 'table' | 'view' | 'sink' | 'other';
  /** The object it creates ('' for an INSERT). */
  readonly name: string;
  readonly text: string;
  readonly statement: ast.Statement;
  /** Sources and tables: each column definition as written (`order_id VARCHAR PRIMARY KEY`). */
  readonly columnTexts: readonly string[];
  /** Views: the defining query as written. */
  readonly queryText: string;
  /** Sources and tables: the WITH options. */
  readonly options: ReadonlyMap<string, string>;
}

/** The text of a pipeline file. */
export const pipelineText = (file: string): string => readFileSync(join(COMMERCE_DIR, file), 'utf8');

/** Splits a file's text (by default the file as it is) into statements, in the file's own dialect. */
export function pipelineStatements(file: string, text = pipelineText(file)): PipelineStatement[] {
  return parseScript(text, { dialect: detectDialect(text) }).map(({ statement, text: statementText }) => {
    const base = { file, text: statementText, statement, columnTexts: [], queryText: '', options: new Map<string, string>() };
    switch (statement.kind) {
      case 'createSource':
      case 'createTable':
        return {
          ...base,
          kind: statement.kind === 'createSource' ? 'source' : 'table',
          name: lastPart(statement.name),
          columnTexts: statement.columns.map((column) => text.slice(column.span.start, column.span.end)),
          options: new Map(statement.with.map((option) => [option.key, option.value])),
        };
      case 'createView':
        return { ...base, kind: 'view', name: lastPart(statement.name), queryText: text.slice(statement.query.span.start, statement.query.span.end) };
      case 'createSink':
        return { ...base, kind: 'sink', name: lastPart(statement.name) };
      default:
        return { ...base, kind: 'other', name: '' };
    }
  });
}

const lastPart = (name: ast.ObjectName): string => name.parts[name.parts.length - 1]!;
