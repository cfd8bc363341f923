// Events pushed over HTTP into a source or table declared WITH (connector = 'http'), decoded as connectors decode.
import type { RelationEntry } from '../../catalog/catalog.js';
import { decoderFor, type DecodedRecords, type RecordDecoder } from '../../connectors/index.js';
import type { Engine } from '../../engine/engine.js';
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { HttpError } from './http-error.js';
import { jsonArrayRecords, jsonLinesRecords, type BodyRecord } from './ingest-records.js';

/** A record that did not decode: where it is in the body and why. */
export interface RejectedRecord {
  readonly line: number;
  /** 1-based position among the body's records. */
  readonly record: number;
  readonly error: string;
}

export type IngestResult =
  | { readonly kind: 'ingested'; readonly rows: number; readonly epoch: number }
  | { readonly kind: 'rejected'; readonly records: readonly RejectedRecord[]; readonly total: number };

/** Media types of a JSON array (or one object) and of JSON lines. */
export const JSON_ARRAY_TYPES: readonly string[] = ['application/json'];
export const JSON_LINES_TYPES: readonly string[] = ['application/x-ndjson', 'application/jsonl'];

/** Decoders by catalog entry: a dropped and re-created relation is a new entry with a new decoder. */
const decoders = new WeakMap<RelationEntry, RecordDecoder>();

/**
 * Decodes `body` into rows of `relation` and hands them to the engine as one epoch. All or nothing: when any
 * record does not decode, nothing is ingested and the result lists the bad records. The engine returns after
 * the rows are applied and, with a data directory, after the checkpoint holding them committed, so a caller that
 * answers only when this resolves acknowledges only what survives a crash.
 */
export function ingestBody(engine: Engine, relation: string, mediaType: string, body: string): IngestResult {
  const entry = engine.relation(relation);
  if (!entry) throw new SqlError('undefined_table', `relation "${relation}" does not exist`);
  const decoder = decoderOf(entry);
  const records = splitBody(mediaType, body);
  const out: DecodedRecords = { rows: [], weights: [], deadLetters: [] };
  const rejected: RejectedRecord[] = [];
  records.forEach((record, recordIdx) => {
    const before = out.deadLetters.length;
    decoder.decode(record.text, String(record.line), out);
    if (out.deadLetters.length > before) rejected.push({ line: record.line, record: recordIdx + 1, error: out.deadLetters[before]!.error });
  });
  if (rejected.length > 0) return { kind: 'rejected', records: rejected, total: records.length };
  const rows = out.rows.length === 0 ? 0 : engine.ingest(relation, out.rows);
  return { kind: 'ingested', rows, epoch: engine.epoch };
}

function splitBody(mediaType: string, body: string): BodyRecord[] {
  if (JSON_ARRAY_TYPES.includes(mediaType)) return jsonArrayRecords(body);
  if (JSON_LINES_TYPES.includes(mediaType)) return jsonLinesRecords(body);
  throw new HttpError(415, '0A000', `cannot ingest a body of type "${mediaType}"`, undefined, 'Send application/json (an array of objects) or application/x-ndjson (one object per line).');
}

function decoderOf(entry: RelationEntry): RecordDecoder {
  const cached = decoders.get(entry);
  if (cached) return cached;
  if ((entry.kind !== 'source' && entry.kind !== 'table') || connectorOf(entry.options) !== 'http') {
    throw new SqlError('wrong_object_type', `"${entry.name}" is not an http source or table`, {
      hint: `Create it WITH (connector = 'http') to ingest events into it over HTTP.`,
    });
  }
  const format = entry.kind === 'source' ? entry.format : undefined;
  if (format && (format.format !== 'plain' || format.encode !== 'json')) {
    throw new SqlError('feature_not_supported', `FORMAT ${format.format.toUpperCase()} ENCODE ${format.encode.toUpperCase()} is not supported by HTTP ingest`, {
      hint: 'Declare the source FORMAT PLAIN ENCODE JSON.',
    });
  }
  const spec: SourceSpec = {
    name: entry.name,
    columns: entry.columns.filter((column) => !column.hidden),
    options: entry.options,
    primaryKey: entry.kind === 'table' && entry.hasUserPrimaryKey ? entry.primaryKey : [],
  };
  const decoder = decoderFor(spec);
  decoders.set(entry, decoder);
  return decoder;
}

const connectorOf = (options: ReadonlyMap<string, string>): string | undefined => options.get('connector') ?? options.get('connector.type');
