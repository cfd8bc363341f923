// FORMAT UPSERT ENCODE JSON: each record upserts or deletes one row of a table keyed by its primary key.
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { jsonRowDecoder } from './json-row-decoder.js';
import { parseExactJson } from './parse-exact-json.js';
import { errorMessage, type RecordDecoder } from './record-decoder.js';

const BLANK = /^\s*$/;

type JsonObject = Record<string, unknown>;

const isObject = (json: unknown): json is JsonObject => json !== null && typeof json === 'object' && !Array.isArray(json);

/** A value that asks for a delete: `"__op": "d"`, or Debezium's unwrapped `"__deleted": "true"`. */
const isDelete = (value: JsonObject): boolean =>
  value['__op'] === 'd' || value['__deleted'] === true || value['__deleted'] === 'true';

/**
 * The decoder of upsert records. A record's value is a JSON object: a +1 row that the engine applies to a
 * TABLE with a PRIMARY KEY by replacing the row of the same key (UPSERT needs such a table: on anything else
 * the -1 rows would not find their row). A value carrying `"__op": "d"` deletes: a -1 row with the columns it
 * gives (the key) filled and the others NULL, which the keyed table matches by key. Where the transport has
 * message keys (Kafka), a JSON-object key fills the columns the value lacks, and a record without a value (a
 * tombstone) deletes the key's row. Files have no keys: each line is a value.
 */
export function upsertJsonDecoder(spec: SourceSpec): RecordDecoder {
  const toRow = jsonRowDecoder(spec.columns);
  return {
    headerRecords: 0,
    startStream: () => undefined,
    isComplete: () => true,
    decode(payload, offset, out, key) {
      const hasValue = payload !== null && !BLANK.test(payload);
      const hasKey = key !== undefined && key !== null && !BLANK.test(key);
      if (!hasValue && !hasKey) return;
      try {
        const keyObject = hasKey ? parseExactJson(key) : undefined;
        if (!hasValue) {
          if (!isObject(keyObject)) throw new SqlError('invalid_text_representation', 'UPSERT key is not a JSON object');
          out.rows.push(toRow(keyObject));
          out.weights.push(-1);
          return;
        }
        const value = parseExactJson(payload);
        if (!isObject(value)) throw new SqlError('invalid_text_representation', 'JSON record is not an object');
        const merged = isObject(keyObject) ? { ...keyObject, ...value } : value;
        const row = toRow(merged);
        out.rows.push(row);
        out.weights.push(isDelete(value) ? -1 : 1);
      } catch (err) {
        out.deadLetters.push({ offset, payload: hasValue ? payload : (key ?? ''), error: errorMessage(err) });
      }
    },
  };
}
