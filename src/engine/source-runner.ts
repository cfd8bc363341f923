// Runs the engine's pulled sources: opens their readers, polls them once per epoch, keeps their dead letters.
import type { SourceConnector, SourceReader, SourceSpec } from '../stream/source.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { SqlError } from '../types/error.js';
import type { Row } from '../types/value.js';

/** Per-source counters, for progress reports and metrics. */
export interface SourceStats {
  records: number;
  deadLetters: number;
  pollErrors: number;
  lastError?: string;
  /** Records waiting in the source after the last poll, when the source can tell (Kafka). */
  lag?: number;
}

interface RunningSource {
  readonly spec: SourceSpec;
  reader?: SourceReader;
  readonly opening: Promise<void>;
  readonly stats: SourceStats;
}

/** What one round of polls read: the changes per relation and the dead letters as rows of the dead-letter table. */
export interface PolledChanges {
  readonly changes: Map<string, ChangeBatch>;
  readonly deadLetters: Row[];
  /** Each polled source's position after the records returned (see `SourceReader.position`). */
  readonly positions: Map<string, unknown>;
}

/**
 * The engine's running sources. Opening a reader is asynchronous: `attach` starts it, `ready` waits for every
 * pending open (so that CREATE SOURCE reports an unreachable broker or a missing directory). `poll` asks every
 * open reader for what it has, concurrently, for one epoch.
 */
export class SourceRunner {
  private readonly connectors = new Map<string, SourceConnector>();
  private readonly running = new Map<string, RunningSource>();

  register(connector: SourceConnector): void {
    this.connectors.set(connector.name, connector);
  }

  has(connector: string): boolean {
    return this.connectors.has(connector);
  }

  get size(): number {
    return this.running.size;
  }

  /** Validates the spec now (throws SqlError at CREATE time) and starts opening its reader. */
  attach(connectorName: string, spec: SourceSpec, position?: unknown): void {
    const connector = this.connectors.get(connectorName);
    if (!connector) throw new SqlError('internal_error', `connector "${connectorName}" is not registered (this is a bug)`);
    connector.validate(spec);
    const entry: RunningSource = {
      spec,
      stats: { records: 0, deadLetters: 0, pollErrors: 0 },
      opening: connector.open(spec, position).then((reader) => {
        entry.reader = reader;
      }),
    };
    // A failed open is reported by `ready`; keep the promise from being an unhandled rejection meanwhile.
    entry.opening.catch(() => undefined);
    this.running.set(spec.name, entry);
  }

  /** Waits for the pending opens; throws the first failure and forgets that source. */
  async ready(): Promise<void> {
    for (const [name, entry] of this.running) {
      try {
        await entry.opening;
      } catch (err) {
        this.running.delete(name);
        throw err instanceof SqlError ? err : new SqlError('invalid_parameter_value', `could not open source "${name}": ${(err as Error).message}`);
      }
    }
  }

  /** Stops a source; with `release` (DROP) it also lets go of what it holds upstream (`SourceReader.release`). */
  async detach(name: string, options: { release?: boolean } = {}): Promise<void> {
    const entry = this.running.get(name);
    this.running.delete(name);
    await entry?.opening.catch(() => undefined);
    const reader = entry?.reader;
    if (options.release && reader?.release) await reader.release();
    else await reader?.close();
  }

  /** Tells each source the position a committed checkpoint holds for it: it may let go of what comes before. */
  committed(positions: ReadonlyMap<string, unknown>): void {
    for (const [name, position] of positions) this.running.get(name)?.reader?.positionCommitted?.(position);
  }

  stats(): Map<string, SourceStats> {
    return new Map([...this.running].map(([name, e]) => [name, e.stats]));
  }

  /** Polls every open reader once. A reader that fails is counted and retried at the next epoch. */
  async poll(maxRecordsPerSource: number, receivedAt: bigint): Promise<PolledChanges> {
    const changes = new Map<string, ChangeBatch>();
    const deadLetters: Row[] = [];
    const positions = new Map<string, unknown>();
    await Promise.all(
      [...this.running].map(async ([name, entry]) => {
        if (!entry.reader) return;
        try {
          const batch = await entry.reader.poll(maxRecordsPerSource);
          positions.set(name, entry.reader.position());
          entry.stats.lag = entry.reader.lag?.();
          entry.stats.records += batch.changes.rows.length;
          entry.stats.deadLetters += batch.deadLetters.length;
          if (batch.changes.rows.length > 0) changes.set(name, batch.changes);
          for (const d of batch.deadLetters) deadLetters.push([name, d.offset, d.payload, d.error, receivedAt]);
        } catch (err) {
          entry.stats.pollErrors++;
          entry.stats.lastError = err instanceof Error ? err.message : String(err);
        }
      }),
    );
    return { changes, deadLetters, positions };
  }

  async closeAll(): Promise<void> {
    for (const name of [...this.running.keys()]) await this.detach(name);
  }
}
