// The differential test's view of Tally: a fresh in-memory Engine whose answers are turned into PostgreSQL text.
import { Engine } from '../../src/engine.js';
import { formatValue } from '../../src/types/text-format.js';
import type { TallyTarget } from './differential-run.js';
import type { TextResult } from './text-result.js';

/** Opens a fresh in-memory Tally engine for one workload. */
export async function openTallyTarget(): Promise<TallyTarget> {
  const engine = await Engine.open();
  return {
    async execute(statement) {
      await engine.execute(statement);
    },
    async snapshot(name) {
      const results = await engine.execute(`SELECT * FROM ${name}`);
      const result = results[0];
      if (results.length !== 1 || result?.kind !== 'rows') {
        throw new Error(`SELECT * FROM ${name} returned ${results.length} results, the first of kind "${result?.kind}"`);
      }
      const types = result.columns.map((column) => column.type);
      const text: TextResult = {
        columns: result.columns.map((column) => column.name),
        rows: result.rows.map((row) => row.map((value, columnIdx) => formatValue(types[columnIdx]!, value))),
      };
      return text;
    },
    close: () => engine.close(),
  };
}
