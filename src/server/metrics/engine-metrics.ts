// The engine's counters as Prometheus metrics: sources, dead letters, view sizes, epochs, checkpoints, sinks.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Engine } from '../../engine/engine.js';
import type { SourceStats } from '../../engine/source-runner.js';

/** Seconds; epochs of small batches take well under a millisecond, a backfill or a large poll seconds. */
const EPOCH_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CHECKPOINT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A registry holding the engine's metrics. Counters and gauges read the engine's stats when scraped (nothing is
 * done per event); the epoch and checkpoint histograms observe each epoch and commit through the engine's
 * listeners, from construction until `close`. Other parts of a server register their own metrics in `registry`.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly unsubscribes: (() => void)[] = [];
  /** Events ingested over HTTP per source: push sources are not polled, so the engine's source stats lack them. */
  private readonly pushed = new Map<string, number>();

  constructor(private readonly engine: Engine) {
    const registers = [this.registry];
    const sourceStat = (name: string, help: string, read: (stats: SourceStats) => number): void => {
      new Counter({
        name,
        help,
        labelNames: ['source'],
        registers,
        collect() {
          this.reset();
          for (const [source, stats] of engine.sourceStats()) this.inc({ source }, read(stats));
        },
      });
    };
    const pushed = this.pushed;
    new Counter({
      name: 'tally_source_records_total',
      help: 'Records read from each source (polled by a connector or ingested over HTTP).',
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const [source, stats] of engine.sourceStats()) this.inc({ source }, stats.records);
        for (const [source, records] of pushed) this.inc({ source }, records);
      },
    });
    sourceStat('tally_source_dead_letters_total', 'Records of each source that could not be decoded (kept in tally_dead_letters).', (s) => s.deadLetters);
    sourceStat('tally_source_poll_errors_total', 'Failed polls of each source (each is retried at the next epoch).', (s) => s.pollErrors);
    new Gauge({
      name: 'tally_source_lag_records',
      help: 'Records waiting in each source after its last poll, for sources that can tell (Kafka).',
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const [source, stats] of engine.sourceStats()) if (stats.lag !== undefined) this.set({ source }, stats.lag);
      },
    });
    new Gauge({
      name: 'tally_relation_rows',
      help: 'Rows each table and materialized view holds.',
      labelNames: ['relation', 'kind'],
      registers,
      collect() {
        this.reset();
        for (const entry of engine.relations()) {
          const rows = engine.rowCount(entry.name);
          if (rows !== undefined) this.set({ relation: entry.name, kind: KIND_LABELS[entry.kind] }, rows);
        }
      },
    });
    new Gauge({
      name: 'tally_epoch',
      help: 'The number of the last committed epoch.',
      registers,
      collect() {
        this.set(engine.epoch);
      },
    });
    const epochs = new Counter({ name: 'tally_epochs_total', help: 'Epochs run since the server started.', registers });
    const epochSeconds = new Histogram({ name: 'tally_epoch_duration_seconds', help: 'Time to run an epoch through every view.', buckets: EPOCH_BUCKETS, registers });
    this.unsubscribes.push(
      engine.onEpoch((_epoch, durationMs) => {
        epochs.inc();
        epochSeconds.observe(durationMs / 1000);
      }),
    );
    new Counter({
      name: 'tally_checkpoints_total',
      help: 'Checkpoints committed to the data directory since the engine opened.',
      registers,
      collect() {
        this.reset();
        this.inc(engine.checkpointStats()?.count ?? 0);
      },
    });
    const checkpointSeconds = new Histogram({
      name: 'tally_checkpoint_duration_seconds',
      help: "Event-loop time of a checkpoint: encoding its state changes (in steps between epochs), handing them to the store's writer thread, and any wait for them to be durable.",
      buckets: CHECKPOINT_BUCKETS,
      registers,
    });
    this.unsubscribes.push(engine.onCheckpoint((_epoch, durationMs) => checkpointSeconds.observe(durationMs / 1000)));
    this.sinkMetrics(registers);
  }

  /** Counts `records` ingested into the push source or table `source`. */
  recordPushed(source: string, records: number): void {
    this.pushed.set(source, (this.pushed.get(source) ?? 0) + records);
  }

  /** The Prometheus text exposition of every metric in the registry. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops observing the engine. */
  close(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  private sinkMetrics(registers: Registry[]): void {
    const engine = this.engine;
    new Counter({
      name: 'tally_sink_delivered_total',
      help: 'Changes each sink\'s target confirmed.',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, stats] of engine.sinkStats()) this.inc({ sink }, stats.delivered);
      },
    });
    new Gauge({
      name: 'tally_sink_pending',
      help: 'Changes each sink sealed and its target has not confirmed yet.',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, stats] of engine.sinkStats()) this.set({ sink }, stats.pending);
      },
    });
    new Counter({
      name: 'tally_sink_errors_total',
      help: 'Failed writes and opens of each sink (each is retried).',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, stats] of engine.sinkStats()) this.inc({ sink }, stats.errors);
      },
    });
  }
}

const KIND_LABELS = { table: 'table', source: 'source', view: 'view', materializedView: 'materialized_view' } as const;
