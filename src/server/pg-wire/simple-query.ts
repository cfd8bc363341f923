// The simple query protocol: one Query message, any number of statements, each answered in full.
import { parseScript } from '../../sql/index.js';
import { emptyQueryResponse, rowDescription } from './backend-messages.js';
import { writeCommandComplete, writeOutcomeNotices, writeRowChunks, type QueryContext } from './query-context.js';
import { fieldDescriptions, fieldWriters, resultFormats } from './result-rows.js';

/**
 * Runs every statement of `sql` in order, writing each one's RowDescription, DataRows and CommandComplete (all
 * in text format). The whole string is parsed first, so a syntax error anywhere runs nothing; an error while
 * running stops the statements after it. Statements before the error stay applied (there is no implicit
 * transaction to roll back). The caller writes ReadyForQuery.
 */
export async function runSimpleQuery(sql: string, context: QueryContext): Promise<void> {
  let statements;
  try {
    statements = parseScript(sql);
  } catch (err) {
    context.writeError(err, sql);
    return;
  }
  if (statements.length === 0) {
    emptyQueryResponse(context.writer);
    return;
  }
  for (const { statement, text, start } of statements) {
    try {
      context.checkCanceled();
      const outcome = await context.session.run({ statement, text, start, substituted: false }, context.signal);
      writeOutcomeNotices(context.writer, outcome);
      const result = outcome.result;
      if (result.kind === 'rows') {
        const formats = resultFormats([], result.columns.length);
        rowDescription(context.writer, fieldDescriptions(result.columns, formats));
        await writeRowChunks(context, result.rows, 0, result.rows.length, fieldWriters(result.columns, formats));
      }
      writeCommandComplete(context.writer, result);
    } catch (err) {
      context.writeError(err, sql);
      return;
    }
  }
}
