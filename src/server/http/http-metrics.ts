// The HTTP API's own metrics: open change streams, streams dropped for falling behind, ingest records rejected.
import { Counter, Gauge, type Registry } from 'prom-client';

export class HttpMetrics {
  private readonly dropped: Counter;
  private readonly rejected: Counter<'source'>;

  /** Registers the metrics in `registry`; `openStreams` is read when scraped. */
  constructor(registry: Registry, openStreams: () => number) {
    const registers = [registry];
    new Gauge({
      name: 'tally_http_change_streams',
      help: 'Open change streams (GET /v1/views/:name/changes).',
      registers,
      collect() {
        this.set(openStreams());
      },
    });
    this.dropped = new Counter({ name: 'tally_http_change_streams_dropped_total', help: 'Change streams ended because the client fell behind.', registers });
    this.rejected = new Counter({
      name: 'tally_http_ingest_rejected_records_total',
      help: 'Records of ingest requests that did not decode (the requests were refused).',
      labelNames: ['source'],
      registers,
    });
  }

  streamDropped(): void {
    this.dropped.inc();
  }

  recordsRejected(source: string, records: number): void {
    this.rejected.inc({ source }, records);
  }
}
