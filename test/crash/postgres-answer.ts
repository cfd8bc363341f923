// PostgreSQL's answer to the seed views over the whole input: the events loaded into PGlite tables named as the sources.
import { openPgliteTextRunner } from '../differential/oracle.js';
import type { TextResult } from '../differential/text-result.js';
import type { SeedEvent } from './seed-events.js';
import type { SeedPipelines } from './seed-pipelines-sql.js';

/** Events per INSERT: one JSON array literal each. */
const INSERT_CHUNK = 2_000;

const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Creates each source as a table, loads its events with PostgreSQL's own JSON-to-row conversion
 * (json_populate_recordset: numbers keep their digits, timestamps parse as PostgreSQL parses them), creates the
 * seed views as plain views and reads every one as text.
 */
export async function postgresAnswers(pipelines: SeedPipelines, events: ReadonlyMap<string, readonly SeedEvent[]>): Promise<Map<string, TextResult>> {
  const runner = await openPgliteTextRunner();
  try {
    for (const source of pipelines.sources) {
      await runner.run(source.postgresTable);
      const rows = events.get(source.name) ?? [];
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const array = `[${rows
          .slice(start, start + INSERT_CHUNK)
          .map((event) => event.json)
          .join(',')}]`;
        await runner.run(`INSERT INTO ${source.name} SELECT * FROM json_populate_recordset(NULL::${source.name}, ${quoteLiteral(array)})`);
      }
    }
    for (const view of pipelines.views) await runner.run(view.postgresView);
    const answers = new Map<string, TextResult>();
    for (const view of pipelines.views) {
      const [result] = await runner.run(`SELECT * FROM ${view.name}`);
      answers.set(view.name, result!);
    }
    return answers;
  } finally {
    await runner.close();
  }
}
