// Picks the record decoder for a source's FORMAT ... ENCODE ... clause.
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { csvDecoder } from './csv-decoder.js';
import { debeziumJsonDecoder } from './debezium-json-decoder.js';
import { plainJsonDecoder } from './plain-json-decoder.js';
import type { RecordDecoder } from './record-decoder.js';
import { upsertJsonDecoder } from './upsert-json-decoder.js';

const DECODERS: ReadonlyMap<string, (spec: SourceSpec) => RecordDecoder> = new Map([
  ['plain json', plainJsonDecoder],
  ['plain csv', csvDecoder],
  ['upsert json', upsertJsonDecoder],
  ['debezium json', debeziumJsonDecoder],
]);

/**
 * The decoder for `spec`'s format: FORMAT PLAIN ENCODE JSON when the source gives none. Connectors call it
 * in `validate` (bad format options fail at CREATE time) and once per reader in `open`. Throws SqlError
 * feature_not_supported for other formats.
 */
export function decoderFor(spec: SourceSpec): RecordDecoder {
  const format = spec.format?.format ?? 'plain';
  const encode = spec.format?.encode ?? 'json';
  const factory = DECODERS.get(`${format.toLowerCase()} ${encode.toLowerCase()}`);
  if (!factory) {
    throw new SqlError('feature_not_supported', `FORMAT ${format.toUpperCase()} ENCODE ${encode.toUpperCase()} is not supported`);
  }
  return factory(spec);
}
