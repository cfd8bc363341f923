// One partition of a Kafka source: where reading stands, and the fetched records not yet returned.
import { IS_CONTROL, type RecordsBatch } from '@platformatic/kafka';
import type { DecodedRecords, RecordDecoder } from '../format/record-decoder.js';

const NO_BATCHES: readonly RecordsBatch[] = [];

/**
 * The reading state of one partition, owned by its reader. `nextOffset` only moves past records that `drain`
 * has returned, so the position never covers a fetched but undelivered record. A fetch fills the buffer only
 * when it is empty, from `nextOffset`.
 */
export class KafkaPartition {
  /** The broker leading the partition, from the last metadata (-1: none known). */
  leader = -1;
  /** The end of the partition at the last fetch or lookup: lag is `highWatermark - nextOffset`. */
  highWatermark: bigint;
  private batches: readonly RecordsBatch[] = NO_BATCHES;
  private batchIdx = 0;
  private recordIdx = 0;
  /** Dead letters name the record as `partition-offset`. */
  private readonly offsetPrefix: string;

  constructor(
    readonly partition: number,
    /** The offset of the next record to return: the checkpoint position, and where fetches start. */
    public nextOffset: bigint,
    highWatermark = nextOffset,
  ) {
    this.highWatermark = highWatermark;
    this.offsetPrefix = `${partition}-`;
  }

  get hasBuffered(): boolean {
    return this.batchIdx < this.batches.length;
  }

  get lag(): bigint {
    const lag = this.highWatermark - this.nextOffset;
    return lag > 0n ? lag : 0n;
  }

  /** Moves to `offset` (after the log was truncated or retention passed us), dropping what was buffered. */
  resetTo(offset: bigint): void {
    this.nextOffset = offset;
    this.clear();
  }

  /** Takes the batches of a fetch made at `nextOffset` (records before it, in a batch fetched whole, are skipped). */
  buffer(batches: readonly RecordsBatch[]): void {
    this.batches = batches;
    this.batchIdx = 0;
    this.recordIdx = 0;
  }

  /**
   * Decodes up to `max` buffered records into `out`, in offset order, and returns how many it took (rows,
   * dead letters and empty records alike). Control batches (transaction markers) and offsets missing after
   * compaction are stepped over.
   */
  drain(max: number, decoder: RecordDecoder, out: DecodedRecords, withKeys: boolean): number {
    let taken = 0;
    while (this.batchIdx < this.batches.length && taken < max) {
      const batch = this.batches[this.batchIdx]!;
      if ((batch.attributes & IS_CONTROL) === 0) {
        taken += this.drainBatch(batch, max - taken, decoder, out, withKeys);
        if (this.recordIdx < batch.records.length) return taken;
      }
      const batchEnd = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
      if (batchEnd > this.nextOffset) this.nextOffset = batchEnd;
      this.batchIdx++;
      this.recordIdx = 0;
    }
    if (!this.hasBuffered) this.clear();
    return taken;
  }

  /** Decodes records of `batch` from `recordIdx` on, at most `max`; moves `nextOffset` past the last one taken. */
  private drainBatch(batch: RecordsBatch, max: number, decoder: RecordDecoder, out: DecodedRecords, withKeys: boolean): number {
    const records = batch.records;
    // Offsets within a batch are firstOffset + offsetDelta; number arithmetic is exact below 2^53 offsets.
    const firstOffset = Number(batch.firstOffset);
    const skipBelow = this.nextOffset > batch.firstOffset ? Number(this.nextOffset - batch.firstOffset) : 0;
    const prefix = this.offsetPrefix;
    let taken = 0;
    let lastDelta = -1;
    while (this.recordIdx < records.length && taken < max) {
      const record = records[this.recordIdx++]!;
      if (record.offsetDelta < skipBelow) continue;
      const value = record.value === null ? null : record.value.toString('utf8');
      const key = withKeys && record.key !== null ? record.key.toString('utf8') : null;
      decoder.decode(value, prefix + (firstOffset + record.offsetDelta), out, key);
      lastDelta = record.offsetDelta;
      taken++;
    }
    if (lastDelta >= 0) this.nextOffset = batch.firstOffset + BigInt(lastDelta + 1);
    return taken;
  }

  private clear(): void {
    this.batches = NO_BATCHES;
    this.batchIdx = 0;
    this.recordIdx = 0;
  }
}
