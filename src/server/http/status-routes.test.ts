import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decoderFor, type DecodedRecords } from '../../connectors/index.js';
import { MemoryTarget } from '../../engine/memory-sink.test-support.js';
import type { SourceConnector, SourceReader, SourceSpec } from '../../stream/source.js';
import { startTestHttpServer } from './http-test-server.test-support.js';

/** A source fed JSON records by the test, decoded as connectors decode them; it reports a lag and can fail a poll. */
class FeedConnector implements SourceConnector {
  readonly name = 'feed';
  readonly pending: string[] = [];
  lag = 0;
  failNextPoll = false;

  validate(spec: SourceSpec): void {
    decoderFor(spec);
  }

  async open(spec: SourceSpec): Promise<SourceReader> {
    const decoder = decoderFor(spec);
    let offset = 0;
    return {
      poll: async () => {
        if (this.failNextPoll) {
          this.failNextPoll = false;
          throw new Error('feed unreachable');
        }
        const out: DecodedRecords = { rows: [], weights: [], deadLetters: [] };
        for (const record of this.pending.splice(0)) decoder.decode(record, String(offset++), out);
        return { changes: { rows: out.rows, weights: out.weights }, deadLetters: out.deadLetters };
      },
      position: () => offset,
      lag: () => this.lag,
      close: async () => undefined,
    };
  }
}

/** Samples of a Prometheus text exposition: `name{labels}` to value; `# TYPE` lines to their types. */
function parseExposition(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return { samples, types };
}

describe('GET /metrics and GET /health', () => {
  it('expose the engine: sources, dead letters, views, epochs, checkpoints, sinks', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-http-metrics-'));
    const feed = new FeedConnector();
    const target = new MemoryTarget();
    const server = await startTestHttpServer({}, { dataDir, sourceConnectors: [feed], sinkConnectors: [target], barrierIntervalMs: 60_000 });
    try {
      await server.sql(`
        CREATE SOURCE orders (seller VARCHAR, total NUMERIC) WITH (connector = 'feed') FORMAT PLAIN ENCODE JSON;
        CREATE SOURCE clicks (page VARCHAR, n INT) WITH (connector = 'http');
        CREATE MATERIALIZED VIEW seller_totals AS SELECT seller, SUM(total) AS total FROM orders GROUP BY seller;
        CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR);
        INSERT INTO notes VALUES (1, 'a'), (2, 'b'), (3, 'c');
        CREATE SINK totals_sink FROM seller_totals WITH (connector = 'memory', table = 't', type = 'upsert', primary_key = 'seller');`);
      feed.pending.push('{"seller": "S1", "total": 1.50}', '{"seller": "S2", "total": 2}', 'not json', '{"seller": "S1", "total": 1}');
      feed.lag = 42;
      target.failures = 1;
      await server.sql('FLUSH');
      feed.failNextPoll = true;
      await server.sql('FLUSH');
      expect((await server.post('/v1/ingest/clicks', '[{"page": "/a"}, {"page": "/b"}]')).status).toBe(200);
      expect((await server.post('/v1/ingest/clicks', '[{"page": 1}, {"nope": ')).status).toBe(400);
      expect((await server.post('/v1/ingest/clicks', '[{"page": "/c"}, {"page": "/d", "n": "x"}]')).status).toBe(400);
      await server.engine.sinksDrained();

      const response = await fetch(server.url('/metrics'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const { samples, types } = parseExposition(await response.text());
      const engine = server.engine;
      expect(samples.get('tally_source_records_total{source="orders"}')).toBe(3);
      expect(samples.get('tally_source_records_total{source="clicks"}')).toBe(2);
      expect(samples.get('tally_source_dead_letters_total{source="orders"}')).toBe(1);
      expect(samples.get('tally_source_poll_errors_total{source="orders"}')).toBe(1);
      expect(samples.get('tally_source_lag_records{source="orders"}')).toBe(42);
      expect(samples.get('tally_http_ingest_rejected_records_total{source="clicks"}')).toBe(1);
      expect(samples.get('tally_relation_rows{relation="seller_totals",kind="materialized_view"}')).toBe(2);
      expect(samples.get('tally_relation_rows{relation="notes",kind="table"}')).toBe(3);
      expect(samples.get('tally_relation_rows{relation="tally_dead_letters",kind="table"}')).toBe(1);
      expect(samples.get('tally_epoch')).toBe(engine.epoch);
      const epochs = samples.get('tally_epochs_total')!;
      expect(epochs).toBeGreaterThanOrEqual(4);
      expect(samples.get('tally_epoch_duration_seconds_count')).toBe(epochs);
      expect(samples.get('tally_epoch_duration_seconds_bucket{le="+Inf"}')).toBe(epochs);
      expect(samples.get('tally_epoch_duration_seconds_sum')).toBeGreaterThan(0);
      const checkpoints = engine.checkpointStats()!.count;
      expect(samples.get('tally_checkpoints_total')).toBe(checkpoints);
      expect(samples.get('tally_checkpoint_duration_seconds_count')).toBe(checkpoints);
      expect(samples.get('tally_sink_delivered_total{sink="totals_sink"}')).toBe(engine.sinkStats().get('totals_sink')!.delivered);
      expect(samples.get('tally_sink_delivered_total{sink="totals_sink"}')).toBeGreaterThan(0);
      expect(samples.get('tally_sink_pending{sink="totals_sink"}')).toBe(0);
      expect(samples.get('tally_sink_errors_total{sink="totals_sink"}')).toBe(1);
      expect(samples.get('tally_http_change_streams')).toBe(0);
      expect(types.get('tally_source_records_total')).toBe('counter');
      expect(types.get('tally_source_lag_records')).toBe('gauge');
      expect(types.get('tally_epoch_duration_seconds')).toBe('histogram');
      expect(types.get('tally_checkpoint_duration_seconds')).toBe('histogram');

      const health = await fetch(server.url('/health'));
      expect(health.status).toBe(200);
      expect((await health.json()) as unknown).toEqual({ status: 'ok', epoch: engine.epoch, lastEpochError: null });
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
