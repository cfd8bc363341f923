// A change as a dead letter's payload: Debezium-like JSON with values in PostgreSQL's text form.
import type { TupleValue } from './pgoutput-message.js';

function image(names: readonly string[], tuple: readonly TupleValue[] | undefined): Record<string, string | null> | undefined {
  if (!tuple) return undefined;
  const fields: Record<string, string | null> = {};
  for (let columnIdx = 0; columnIdx < names.length; columnIdx++) {
    const value = tuple[columnIdx];
    // An unchanged TOASTed value was not sent: it has no text to show.
    if (value !== undefined) fields[names[columnIdx]!] = value;
  }
  return fields;
}

/**
 * `{"op": "c"|"u"|"d"|"r", "before": {...}, "after": {...}}` (r: a snapshot row), `names` the columns of the
 * tuples in their order. Built only for changes that failed: never on the hot path.
 */
export function changePayload(op: string, names: readonly string[], before: readonly TupleValue[] | undefined, after: readonly TupleValue[] | undefined): string {
  return JSON.stringify({ op, before: image(names, before), after: image(names, after) });
}
