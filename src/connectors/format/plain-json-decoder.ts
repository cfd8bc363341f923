// FORMAT PLAIN ENCODE JSON: one JSON object per record, inserted as one row.
import type { SourceSpec } from '../../stream/source.js';
import { jsonLineDecoder } from './json-line-decoder.js';
import { errorMessage, type RecordDecoder } from './record-decoder.js';

/** Blank records (an empty line between JSON lines) carry nothing and are not dead letters. */
const BLANK = /^\s*$/;

/** The decoder of append-only JSON records: each object is a +1 row; field names are the column names, exactly. */
export function plainJsonDecoder(spec: SourceSpec): RecordDecoder {
  const toRow = jsonLineDecoder(spec.columns);
  return {
    headerRecords: 0,
    startStream: () => undefined,
    isComplete: () => true,
    decode(payload, offset, out) {
      if (payload === null || BLANK.test(payload)) return;
      try {
        const row = toRow(payload);
        out.rows.push(row);
        out.weights.push(1);
      } catch (err) {
        out.deadLetters.push({ offset, payload, error: errorMessage(err) });
      }
    },
  };
}
