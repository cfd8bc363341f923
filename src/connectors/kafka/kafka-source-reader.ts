// Reads every partition of one Kafka topic, at offsets Tally owns, into decoded changes once per epoch.
import type { SourceBatch, SourceReader } from '../../stream/source.js';
import { emptyDecodedRecords, type DecodedRecords, type RecordDecoder } from '../format/record-decoder.js';
import { describeKafkaError } from './describe-kafka-error.js';
import { KafkaErrorCode, kafkaErrorName, type FetchedPartition, type KafkaClient, type OffsetQuery } from './kafka-client.js';
import type { KafkaStartup } from './kafka-options.js';
import { KafkaPartition } from './kafka-partition.js';
import { kafkaPosition, type KafkaPosition } from './kafka-position.js';

/** Timing knobs of a reader; tests shorten them. */
export interface KafkaReaderTuning {
  /** How often the topic's partitions are looked up, to pick up new ones (default 3000 ms). */
  readonly metadataRefreshMs?: number;
  /** How long the first fetch of a poll waits for records when there are none (default 20 ms). */
  readonly fetchWaitMs?: number;
  /** How long a poll keeps fetching while the brokers hold more records than it fetched and it wants more (default 250 ms). */
  readonly pollBudgetMs?: number;
  /** After a failure, the first and the longest wait before the brokers are tried again (default 250, 5000 ms). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  readonly now?: () => number;
}

/** What a reader reads and how it decodes. */
export interface KafkaReaderSource {
  readonly topic: string;
  /** Shown in errors: where the brokers are. */
  readonly bootstrap: string;
  readonly startup: KafkaStartup;
  readonly decoder: RecordDecoder;
  /** Whether records' keys are decoded and passed to the decoder (UPSERT fills or deletes rows by key). */
  readonly withKeys: boolean;
}

/** Errors that a fresh look at the topic's leaders resolves; they are not failures of the poll. */
const STALE_METADATA_ERRORS: ReadonlySet<number> = new Set([
  KafkaErrorCode.unknownTopicOrPartition,
  KafkaErrorCode.leaderNotAvailable,
  KafkaErrorCode.notLeaderOrFollower,
  KafkaErrorCode.fencedLeaderEpoch,
  KafkaErrorCode.unknownLeaderEpoch,
  KafkaErrorCode.unknownTopicId,
]);

function startupQuery(startup: KafkaStartup): OffsetQuery {
  return startup.kind === 'timestamp' ? { timestampMillis: startup.millis } : startup.kind;
}

/**
 * The reader of `connector = 'kafka'`. It assigns itself every partition of the topic (no consumer group, no
 * offset commits: its position is the checkpoint), fetches from each partition's leader, and returns at most
 * about `maxRecords` records per poll, taken round-robin across partitions. New partitions of the topic are
 * found by a metadata lookup every few seconds and read from their beginning. When the brokers cannot be
 * reached, `poll` throws a message naming the topic and the cause, and tries again at a later poll (waiting
 * longer after each failure, up to `retryMaxMs`); nothing is lost or read twice meanwhile.
 */
export class KafkaSourceReader implements SourceReader {
  private readonly partitions = new Map<number, KafkaPartition>();
  private topicId = '';
  private lastLayoutAt = 0;
  /** Set by errors that a metadata lookup resolves (a moved leader): the next poll looks the topic up first. */
  private layoutStale = false;
  /** Partitions whose offset fell out of the log's range: they restart at the log start. */
  private readonly outOfRange = new Set<number>();
  /** The failure of a poll that still returned records: thrown by the next poll, before it reads anything. */
  private deferredFailure: Error | undefined;
  private lastFailure: Error | undefined;
  private retryAt = 0;
  private retryDelayMs = 0;
  private readonly tuning: Required<KafkaReaderTuning>;

  private constructor(
    private readonly client: KafkaClient,
    private readonly source: KafkaReaderSource,
    tuning: KafkaReaderTuning,
  ) {
    this.tuning = {
      metadataRefreshMs: tuning.metadataRefreshMs ?? 3000,
      fetchWaitMs: tuning.fetchWaitMs ?? 20,
      pollBudgetMs: tuning.pollBudgetMs ?? 250,
      retryMinMs: tuning.retryMinMs ?? 250,
      retryMaxMs: tuning.retryMaxMs ?? 5000,
      now: tuning.now ?? Date.now,
    };
  }

  /**
   * Opens a reader over `client` (which it then owns): partitions named in `position` resume at their offset,
   * the others start where the startup mode says. Throws when the topic cannot be looked up.
   */
  static async open(client: KafkaClient, source: KafkaReaderSource, position: ReadonlyMap<number, bigint>, tuning: KafkaReaderTuning = {}): Promise<KafkaSourceReader> {
    const reader = new KafkaSourceReader(client, source, tuning);
    try {
      const layout = await client.layout();
      reader.topicId = layout.topicId;
      reader.lastLayoutAt = reader.tuning.now();
      const ids = [...layout.leaders.keys()];
      const starts = await reader.startOffsets(ids.filter((id) => !position.has(id)));
      const ends = await client.offsets(ids, 'latest');
      for (const id of ids) {
        const partition = new KafkaPartition(id, position.get(id) ?? starts.get(id) ?? 0n, ends.get(id));
        partition.leader = layout.leaders.get(id)!;
        reader.partitions.set(id, partition);
      }
      return reader;
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  /** Where the startup mode begins in `ids`; a start time after a partition's last record means its end. */
  private async startOffsets(ids: readonly number[]): Promise<Map<number, bigint>> {
    const starts = await this.client.offsets(ids, startupQuery(this.source.startup));
    const pastEnd = ids.filter((id) => (starts.get(id) ?? -1n) < 0n);
    if (pastEnd.length > 0) for (const [id, offset] of await this.client.offsets(pastEnd, 'latest')) starts.set(id, offset);
    return starts;
  }

  async poll(maxRecords: number): Promise<SourceBatch> {
    this.throwPendingFailure();
    const out = emptyDecodedRecords();
    const startedAt = this.tuning.now();
    let taken = this.drainAll(maxRecords, out);
    let failure: unknown;
    try {
      for (let round = 0; taken < maxRecords; round++) {
        await this.refreshLayout();
        const result = await this.fetchRound(round === 0 ? this.tuning.fetchWaitMs : 0);
        taken += this.drainAll(maxRecords - taken, out);
        if (result.failure) {
          failure = result.failure;
          break;
        }
        // A partition that moved or fell out of range is looked up and fetched again at once, once per poll.
        const resolvable = round === 0 && (this.layoutStale || this.outOfRange.size > 0);
        // Fetching on pays while the brokers held more than they gave (catching up: fuller epochs). Once a fetch
        // reached every partition's end, what arrives later waits for the next epoch: with a steady stream each
        // further fetch would find a few new records, and the ones already taken would wait out the budget.
        const behind = result.fetched && this.lag() > 0;
        if (!(behind || resolvable) || this.tuning.now() - startedAt >= this.tuning.pollBudgetMs) break;
      }
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) {
      const error = this.failed(failure);
      if (taken === 0) throw error;
      this.deferredFailure = error;
    } else {
      this.succeeded();
    }
    return { changes: { rows: out.rows, weights: out.weights }, deadLetters: out.deadLetters };
  }

  /** `{ "<partition>": "<next offset>" }` after the last record returned. */
  position(): KafkaPosition {
    return kafkaPosition(new Map([...this.partitions].map(([id, p]) => [id, p.nextOffset])));
  }

  /** Records not yet returned, over all partitions (high watermarks at the last fetches minus next offsets). */
  lag(): number {
    let total = 0n;
    for (const partition of this.partitions.values()) total += partition.lag;
    return Number(total);
  }

  /** Records in each partition not yet returned (high watermark at the last fetch minus next offset), for progress reports. */
  partitionLag(): Map<number, bigint> {
    return new Map([...this.partitions].map(([id, p]) => [id, p.lag]));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Throws the failure a previous poll deferred, or the last one while waiting to try the brokers again. */
  private throwPendingFailure(): void {
    const deferred = this.deferredFailure;
    this.deferredFailure = undefined;
    if (deferred) throw deferred;
    if (this.lastFailure && this.tuning.now() < this.retryAt) throw this.lastFailure;
  }

  private failed(err: unknown): Error {
    this.layoutStale = true;
    this.retryDelayMs = Math.min(this.tuning.retryMaxMs, Math.max(this.tuning.retryMinMs, this.retryDelayMs * 2));
    this.retryAt = this.tuning.now() + this.retryDelayMs;
    this.lastFailure = new Error(`could not read Kafka topic "${this.source.topic}" from ${this.source.bootstrap}: ${describeKafkaError(err)}`);
    return this.lastFailure;
  }

  private succeeded(): void {
    this.lastFailure = undefined;
    this.retryDelayMs = 0;
  }

  /** Looks the topic up when due or stale: leaders move, partitions are added (read from their beginning). */
  private async refreshLayout(): Promise<void> {
    const now = this.tuning.now();
    if (!this.layoutStale && this.outOfRange.size === 0 && now - this.lastLayoutAt < this.tuning.metadataRefreshMs) return;
    const layout = await this.client.layout();
    const added = [...layout.leaders.keys()].filter((id) => !this.partitions.has(id));
    const starts = await this.client.offsets([...added, ...this.outOfRange], 'earliest');
    for (const id of this.outOfRange) this.partitions.get(id)?.resetTo(starts.get(id) ?? 0n);
    this.outOfRange.clear();
    for (const id of added) this.partitions.set(id, new KafkaPartition(id, starts.get(id) ?? 0n));
    // Partitions only vanish when the topic was deleted and created again with fewer.
    for (const id of [...this.partitions.keys()]) if (!layout.leaders.has(id)) this.partitions.delete(id);
    for (const [id, leader] of layout.leaders) this.partitions.get(id)!.leader = leader;
    this.topicId = layout.topicId;
    this.lastLayoutAt = now;
    this.layoutStale = false;
  }

  /** Takes up to `max` buffered records, a share from each partition in turn so that none is starved. */
  private drainAll(max: number, out: DecodedRecords): number {
    let taken = 0;
    let buffered = [...this.partitions.values()].filter((p) => p.hasBuffered);
    while (taken < max && buffered.length > 0) {
      const share = Math.max(1, Math.floor((max - taken) / buffered.length));
      for (const partition of buffered) {
        if (taken >= max) break;
        taken += partition.drain(Math.min(share, max - taken), this.source.decoder, out, this.source.withKeys);
      }
      buffered = buffered.filter((p) => p.hasBuffered);
    }
    return taken;
  }

  /**
   * Fetches every partition with nothing buffered, one request per leader, concurrently. Resolves to whether
   * records arrived, and the first failure (a broker that could not be reached, an unexpected partition error).
   */
  private async fetchRound(maxWaitMs: number): Promise<{ fetched: boolean; failure?: Error }> {
    const byLeader = new Map<number, KafkaPartition[]>();
    for (const partition of this.partitions.values()) {
      if (partition.hasBuffered || this.outOfRange.has(partition.partition)) continue;
      if (partition.leader < 0) {
        this.layoutStale = true;
        continue;
      }
      const group = byLeader.get(partition.leader) ?? [];
      group.push(partition);
      byLeader.set(partition.leader, group);
    }
    const results = await Promise.allSettled(
      [...byLeader].map(([leader, group]) =>
        this.client.fetch(leader, this.topicId, group.map((p) => ({ partition: p.partition, offset: p.nextOffset })), maxWaitMs),
      ),
    );
    let fetched = false;
    let failure: Error | undefined;
    for (const result of results) {
      if (result.status === 'rejected') {
        failure ??= result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        continue;
      }
      for (const part of result.value) {
        const outcome = this.takeFetched(part);
        if (outcome instanceof Error) failure ??= outcome;
        else fetched ||= outcome;
      }
    }
    return failure ? { fetched, failure } : { fetched };
  }

  /** Buffers one partition's fetched records; resolves its errors. True when records arrived. */
  private takeFetched(fetched: FetchedPartition): boolean | Error {
    const partition = this.partitions.get(fetched.partition);
    if (!partition) return false;
    if (fetched.highWatermark >= 0n) partition.highWatermark = fetched.highWatermark;
    if (fetched.errorCode === KafkaErrorCode.offsetOutOfRange) {
      this.outOfRange.add(fetched.partition);
      return false;
    }
    if (STALE_METADATA_ERRORS.has(fetched.errorCode)) {
      this.layoutStale = true;
      return false;
    }
    if (fetched.errorCode !== 0) return new Error(`partition ${fetched.partition}: ${kafkaErrorName(fetched.errorCode)}`);
    if (fetched.batches.length === 0) return false;
    partition.buffer(fetched.batches);
    return true;
  }
}
