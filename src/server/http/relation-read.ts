// Reads a relation's current rows for the view endpoints, through SQL built from the request's query.
import type { RelationEntry } from '../../catalog/catalog.js';
import type { Engine } from '../../engine/engine.js';
import type { StatementResult } from '../../engine/statement-result.js';
import { parseStatement } from '../../sql/index.js';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import type { RequestRunner } from './request-runner.js';
import type { ViewQuery } from './view-query.js';
import { viewQuerySql } from './view-query-sql.js';

/** The relation's current entry; SqlError undefined_table when there is none. */
export function relationEntry(engine: Engine, name: string): RelationEntry {
  const entry = engine.relation(name);
  if (!entry) throw new SqlError('undefined_table', `relation "${name}" does not exist`);
  return entry;
}

/**
 * The rows of `entry` that `query` asks for (visible columns, in order) and the epoch they are the state of.
 * Synchronous: the statement runs between epochs, so every row is of the same committed epoch, and a change
 * subscription made in the same turn sees exactly the epochs after it. A source keeps no rows: it reads as empty.
 * The statement runs through `runner`, so a user's grants and scope apply.
 */
export function readRelation(engine: Engine, runner: RequestRunner, entry: RelationEntry, query: ViewQuery): RelationRows {
  if (entry.kind === 'source') return { rows: [], epoch: engine.epoch };
  const sql = viewQuerySql(entry.name, query);
  return { rows: rowsOf(runner.executeStatement(parseStatement(sql), sql)), epoch: engine.epoch };
}

/**
 * `readRelation` for a plain read: the query gives way to other work while it runs and `signal` stops it. The
 * snapshot is taken before its first pause, so the epoch is the one current when it starts.
 */
export async function readRelationPaced(engine: Engine, runner: RequestRunner, entry: RelationEntry, query: ViewQuery, signal: AbortSignal): Promise<RelationRows> {
  if (entry.kind === 'source') return { rows: [], epoch: engine.epoch };
  const sql = viewQuerySql(entry.name, query);
  const epoch = engine.epoch;
  return { rows: rowsOf(await runner.runStatement(parseStatement(sql), sql, signal)), epoch };
}

interface RelationRows {
  readonly rows: Value[][];
  readonly epoch: number;
}

function rowsOf(result: StatementResult): Value[][] {
  if (result.kind !== 'rows') throw new Error(`a SELECT answered with "${result.tag}" (this is a bug)`);
  return result.rows;
}
