// The Tally target: each stream's records POSTed as JSON lines to /v1/ingest/:source of a running Tally.
import { DEFAULT_SOURCE_NAMES, type CommerceStream, type GeneratedRecord } from './commerce-streams.js';
import type { GeneratorTarget } from './generator-target.js';

export interface TallyHttpTargetOptions {
  /** The HTTP API's base address, e.g. http://127.0.0.1:4567. */
  readonly url: string;
  /** Sent as a bearer token (needed when the server is not on a loopback address). */
  readonly token?: string;
  /** Relation names by stream, over DEFAULT_SOURCE_NAMES. */
  readonly sourceNames?: Partial<Record<CommerceStream, string>>;
}

/**
 * Ingests into a running Tally. Tally's HTTP ingest accepts only sources and tables declared WITH (connector =
 * 'http') (FORMAT PLAIN ENCODE JSON; a TABLE with a primary key upserts, which is how `orders_eu` keeps one row
 * per order): sources reading Kafka or files are refused with the server's error. Message keys are not sent.
 */
export function tallyHttpTarget(options: TallyHttpTargetOptions): GeneratorTarget {
  const base = options.url.replace(/\/+$/, '');
  const sourceOf = (stream: CommerceStream): string => options.sourceNames?.[stream] ?? DEFAULT_SOURCE_NAMES[stream];
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;

  return {
    async send(stream, records: readonly GeneratedRecord[]) {
      if (records.length === 0) return;
      const source = sourceOf(stream);
      const body = records.map((record) => JSON.stringify(record.value)).join('\n');
      let response: Response;
      try {
        response = await fetch(`${base}/v1/ingest/${encodeURIComponent(source)}`, { method: 'POST', headers, body });
      } catch (err) {
        throw new Error(`could not reach Tally at ${base}: ${causeOf(err)}`);
      }
      const text = await response.text();
      if (!response.ok) throw new Error(`could not ingest into "${source}": ${serverMessage(text) ?? `HTTP ${response.status}`}`);
    },
    async close() {},
  };
}

function serverMessage(text: string): string | undefined {
  try {
    const answer = JSON.parse(text) as { error?: { message?: unknown; hint?: unknown }; records?: { line?: unknown; error?: unknown }[] };
    const message = answer.error?.message;
    if (typeof message !== 'string') return undefined;
    // A refused body lists its bad records: the first one says what the relation expected.
    const first = answer.records?.[0];
    const record = first && typeof first.error === 'string' ? `; line ${String(first.line)}: ${first.error}` : '';
    const hint = typeof answer.error?.hint === 'string' ? ` (${answer.error.hint})` : '';
    return `${message}${record}${hint}`;
  } catch {
    return undefined;
  }
}

function causeOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
