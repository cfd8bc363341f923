// FORMAT DEBEZIUM ENCODE JSON: Debezium change events, turned into retractions and insertions.
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { jsonRowDecoder } from './json-row-decoder.js';
import { parseExactJson, stringifyExactJson } from './parse-exact-json.js';
import { errorMessage, type RecordDecoder } from './record-decoder.js';

const BLANK = /^\s*$/;

type JsonObject = Record<string, unknown>;

const isObject = (json: unknown): json is JsonObject => json !== null && typeof json === 'object' && !Array.isArray(json);

/**
 * The decoder of Debezium events `{"before": ..., "after": ..., "op": "c|u|d|r"}`, bare or in the
 * `{"schema": ..., "payload": {...}}` envelope of the JSON converter with schemas: c and r (snapshot reads)
 * insert `after`; u retracts `before` and inserts `after`; d retracts `before`. Field values decode as in
 * PLAIN JSON (decimals as strings, `decimal.handling.mode=string`; MicroTimestamp integers as timestamps).
 * Without `before` (a PostgreSQL table whose REPLICA IDENTITY is not FULL), an update only inserts `after`:
 * correct on a TABLE with a PRIMARY KEY, which replaces the row of the same key. Tombstones (records
 * without a value) are skipped; a delete without `before` and truncate events are dead letters.
 */
export function debeziumJsonDecoder(spec: SourceSpec): RecordDecoder {
  const toRow = jsonRowDecoder(spec.columns);
  const image = (event: JsonObject, field: 'before' | 'after', op: string): Row => {
    const value = event[field];
    if (!isObject(value)) throw new SqlError('invalid_text_representation', `Debezium event with op "${op}" has no "${field}" object`);
    return toRow(value);
  };
  return {
    headerRecords: 0,
    startStream: () => undefined,
    isComplete: () => true,
    decode(payload, offset, out) {
      if (payload === null || BLANK.test(payload)) return;
      try {
        let event = parseExactJson(payload);
        if (isObject(event) && !('op' in event) && 'payload' in event) event = event['payload'];
        if (event === null) return;
        if (!isObject(event)) throw new SqlError('invalid_text_representation', 'Debezium event is not a JSON object');
        const op = event['op'];
        switch (op) {
          case 'c':
          case 'r':
            out.rows.push(image(event, 'after', op));
            out.weights.push(1);
            return;
          case 'u': {
            const after = image(event, 'after', op);
            if (isObject(event['before'])) {
              out.rows.push(image(event, 'before', op));
              out.weights.push(-1);
            }
            out.rows.push(after);
            out.weights.push(1);
            return;
          }
          case 'd':
            out.rows.push(image(event, 'before', op));
            out.weights.push(-1);
            return;
          case 't':
            throw new SqlError('feature_not_supported', 'Debezium truncate events are not supported');
          default:
            throw new SqlError('invalid_text_representation', `unrecognized Debezium operation ${stringifyExactJson(op ?? null)}`);
        }
      } catch (err) {
        out.deadLetters.push({ offset, payload, error: errorMessage(err) });
      }
    },
  };
}
