// PostgreSQL's answer for the commerce views: the same queries as plain views over tables loaded with the same data.
import { openPgliteTextRunner } from '../../test/differential/oracle.js';
import type { TextResult } from '../../test/differential/text-result.js';
import { translateTumble } from '../../test/crash/seed-pipelines-sql.js';
import type { CommerceWorkload } from './commerce-workload.test-support.js';
import { REES46_HEADER } from './commerce-workload.test-support.js';
import type { FeedMessage } from './feed-connectors.test-support.js';
import type { PipelineStatement } from './pipeline-files.test-support.js';

/** Rows per INSERT: one JSON array literal each. */
const INSERT_CHUNK = 2_000;

/**
 * Views whose Tally SQL PostgreSQL lacks, spelled out. cart_sessions: SESSION(rees46_events, event_time,
 * 30 minutes, user_id) as gaps and islands over all the source's rows (the WHERE applies after the windows,
 * as in Tally), and EMIT ON WINDOW CLOSE as "the session's end is at or before the watermark", the latest
 * event time minus the source's 5 minutes.
 */
export const POSTGRES_VIEW_TEXT: ReadonlyMap<string, string> = new Map([
  [
    'cart_sessions',
    `WITH marked AS (
       SELECT *, CASE WHEN LAG(event_time) OVER (PARTITION BY user_id ORDER BY event_time) > event_time - interval '30 minutes'
                      THEN 0 ELSE 1 END AS starts_session
       FROM rees46_events WHERE event_time IS NOT NULL),
     numbered AS (
       SELECT *, SUM(starts_session) OVER (PARTITION BY user_id ORDER BY event_time ROWS UNBOUNDED PRECEDING) AS session_no FROM marked),
     windowed AS (
       SELECT *, MIN(event_time) OVER (PARTITION BY user_id, session_no) AS window_start,
                 MAX(event_time) OVER (PARTITION BY user_id, session_no) + interval '30 minutes' AS window_end
       FROM numbered)
     SELECT user_id, window_start AS session_start, window_end AS session_end,
       COUNT(*) AS events,
       COUNT(*) FILTER (WHERE event_type = 'cart') AS cart_adds,
       COUNT(*) FILTER (WHERE event_type = 'purchase') AS purchases,
       COALESCE(SUM(price) FILTER (WHERE event_type = 'cart'), 0) AS cart_value
     FROM windowed
     WHERE user_id IS NOT NULL AND price >= 0
       AND window_end <= (SELECT MAX(event_time) - interval '5 minutes' FROM rees46_events)
     GROUP BY user_id, window_start, window_end`,
  ],
]);

/**
 * The rows each source or table of `statements` holds once the workload is read, as JSON objects: a PLAIN
 * topic's messages, an UPSERT table's last value per key, the REES46 CSV lines (empty fields NULL).
 */
export function relationRows(statements: readonly PipelineStatement[], workload: CommerceWorkload): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const statement of statements) {
    if (statement.kind !== 'source' && statement.kind !== 'table') continue;
    const topic = statement.options.get('topic');
    if (topic !== undefined) {
      const messages = workload.topics.get(topic) ?? [];
      rows.set(statement.name, statement.kind === 'table' ? lastValuePerKey(messages, keyColumn(statement)) : messages.map((m) => m.value!));
    } else if (statement.options.get('connector') === 'file') {
      const names = REES46_HEADER.split(',');
      rows.set(
        statement.name,
        workload.rees46Files.flat().map((line) => JSON.stringify(Object.fromEntries(line.split(',').map((field, fieldIdx) => [names[fieldIdx], field === '' ? null : field])))),
      );
    }
  }
  return rows;
}

function keyColumn(statement: PipelineStatement): string {
  if (statement.statement.kind !== 'createTable') throw new Error(`${statement.name} is not a table`);
  const key = statement.statement.columns.find((column) => column.primaryKey)?.name ?? statement.statement.primaryKey[0];
  if (!key) throw new Error(`table ${statement.name} has no primary key`);
  return key;
}

/** UPSERT semantics: a later value of a key replaces the earlier one, a tombstone removes it. */
function lastValuePerKey(messages: readonly FeedMessage[], key: string): string[] {
  const byKey = new Map<string, string>();
  for (const message of messages) {
    if (message.value === null) {
      byKey.delete(String(JSON.parse(message.key!)));
      continue;
    }
    byKey.set(String((JSON.parse(message.value) as Record<string, unknown>)[key]), message.value);
  }
  return [...byKey.values()];
}

const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Creates the sources and tables of `statements` as PostgreSQL tables with their declared columns, loads
 * them with PostgreSQL's own JSON-to-row conversion, creates every view as a plain view (TUMBLE spelled out,
 * POSTGRES_VIEW_TEXT where given) and reads the named ones.
 */
export async function postgresContents(
  statements: readonly PipelineStatement[],
  rows: ReadonlyMap<string, readonly string[]>,
  names: readonly string[],
): Promise<Map<string, TextResult>> {
  const runner = await openPgliteTextRunner();
  try {
    for (const statement of statements) {
      if (statement.kind === 'source' || statement.kind === 'table') {
        await runner.run(`CREATE TABLE ${statement.name} (${statement.columnTexts.join(', ')})`);
        const relationRows = rows.get(statement.name) ?? [];
        for (let start = 0; start < relationRows.length; start += INSERT_CHUNK) {
          const array = `[${relationRows.slice(start, start + INSERT_CHUNK).join(',')}]`;
          await runner.run(`INSERT INTO ${statement.name} SELECT * FROM json_populate_recordset(NULL::${statement.name}, ${quoteLiteral(array)})`);
        }
      } else if (statement.kind === 'view') {
        const query = POSTGRES_VIEW_TEXT.get(statement.name) ?? translateTumble(statement.queryText);
        try {
          await runner.run(`CREATE VIEW ${statement.name} AS ${query}`);
        } catch (error) {
          throw new Error(`PostgreSQL refused view ${statement.name}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
    const contents = new Map<string, TextResult>();
    for (const name of names) {
      const [result] = await runner.run(`SELECT * FROM ${name}`);
      contents.set(name, result!);
    }
    return contents;
  } finally {
    await runner.close();
  }
}
