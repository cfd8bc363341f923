// A sink's sealed, undelivered batches in order: what a checkpoint keeps so that no change is lost in a crash.
import type { StateWriter } from '../storage/state-writer.js';
import { ValueReader, ValueWriter } from '../storage/value-codec.js';
import type { SinkBatchRange, SinkChange } from '../stream/sink.js';
import type { Row } from '../types/value.js';

interface SealedBatch {
  readonly seq: number;
  readonly changes: readonly SinkChange[];
  /** A write of it was tried (or it was restored, and may have been written before a crash): it may be in the target. */
  attempted: boolean;
}

/**
 * The log store of one sink (as RisingWave calls it): batches sealed from the sink's buffer, delivered oldest
 * first. A checkpoint stores the batches sealed since the previous one and deletes those delivered since, so
 * that after a crash the restored log holds exactly the batches the restored state has produced and the target
 * has not confirmed. Batches confirmed after the last checkpoint are delivered again after a crash: upserts by
 * key make that harmless, append-only targets see them twice (at-least-once).
 *
 * When the engine keeps checkpoints, only batches of a committed checkpoint are delivered (`durableOnly`): a
 * batch written and then lost in a crash would have shown the target changes that the restored engine, reading
 * its sources again from the checkpoint, may never produce alike (a key it inserted may net away within one
 * epoch of the replay), and nothing would ever take them back.
 */
export class SinkLog {
  private readonly batches: SealedBatch[] = [];
  private nextSeq = 1;
  private sealedSince: SealedBatch[] = [];
  private deliveredSince: number[] = [];
  /** The last batch the running checkpoint stores, and the last one a committed checkpoint holds. */
  private checkpointedSeq = 0;
  private durableSeq = 0;

  get length(): number {
    return this.batches.length;
  }

  /** Batches that may be delivered now: all of them, or with `durableOnly` those a committed checkpoint holds. */
  deliverable(durableOnly: boolean): number {
    if (!durableOnly) return this.batches.length;
    let count = 0;
    while (count < this.batches.length && this.batches[count]!.seq <= this.durableSeq) count++;
    return count;
  }

  /** Rows waiting in the log. */
  get pendingChanges(): number {
    let count = 0;
    for (const batch of this.batches) count += batch.changes.length;
    return count;
  }

  append(changes: readonly SinkChange[]): void {
    if (changes.length === 0) return;
    const batch = { seq: this.nextSeq++, changes, attempted: false };
    this.batches.push(batch);
    this.sealedSince.push(batch);
  }

  /**
   * The oldest deliverable batches (see `deliverable`), as many as keep their total under `maxChanges` (at least
   * one), and their numbers.
   */
  peek(maxChanges: number, durableOnly: boolean): { changes: (readonly SinkChange[])[]; attempted: boolean[]; range: SinkBatchRange } {
    const changes: (readonly SinkChange[])[] = [];
    const attempted: boolean[] = [];
    let total = 0;
    for (const batch of this.batches) {
      if (durableOnly && batch.seq > this.durableSeq) break;
      if (changes.length > 0 && total + batch.changes.length > maxChanges) break;
      changes.push(batch.changes);
      attempted.push(batch.attempted);
      total += batch.changes.length;
    }
    const first = this.batches[0]?.seq ?? this.nextSeq;
    return { changes, attempted, range: { first, last: first + changes.length - 1 } };
  }

  /** The `count` oldest batches are being written: from now on they may be in the target. */
  attempting(count: number): void {
    for (let batchIdx = 0; batchIdx < count; batchIdx++) this.batches[batchIdx]!.attempted = true;
  }

  /** Drops the `count` oldest batches: the target confirmed them. */
  delivered(count: number): void {
    for (const batch of this.batches.splice(0, count)) this.deliveredSince.push(batch.seq);
  }

  checkpoint(writer: StateWriter): void {
    const delivered = new Set(this.deliveredSince);
    for (const seq of this.deliveredSince) writer.delete(seqKey(seq));
    for (const batch of this.sealedSince) if (!delivered.has(batch.seq)) writer.put(seqKey(batch.seq), encodeBatch(batch.changes));
    // The next number survives an empty log: batch numbers must never be reused (see SinkBatchRange).
    if (this.sealedSince.length > 0) writer.put(seqKey(NEXT_SEQ_KEY), new ValueWriter().writeUint(this.nextSeq).copyBytes());
    this.sealedSince = [];
    this.deliveredSince = [];
    this.checkpointedSeq = this.nextSeq - 1;
  }

  /** The checkpoint that `checkpoint` last wrote to is committed: its batches may be delivered. */
  committed(): void {
    this.durableSeq = this.checkpointedSeq;
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    for (const [key, bytes] of entries) {
      const seq = Buffer.from(key.buffer, key.byteOffset, key.byteLength).readUInt32BE(0);
      if (seq === NEXT_SEQ_KEY) {
        this.nextSeq = Math.max(this.nextSeq, new ValueReader().reset(bytes).readUint());
        continue;
      }
      this.batches.push({ seq, changes: decodeBatch(bytes), attempted: true });
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
    }
    this.checkpointedSeq = this.durableSeq = this.nextSeq - 1;
  }
}

/** Batches are numbered from 1; key 0 holds the next number. */
const NEXT_SEQ_KEY = 0;

/** Big-endian, so that the store's key order is the log's order. */
function seqKey(seq: number): Uint8Array {
  const key = Buffer.allocUnsafe(4);
  key.writeUInt32BE(seq, 0);
  return key;
}

const BEFORE = 1;
const AFTER = 2;

function encodeBatch(changes: readonly SinkChange[]): Uint8Array {
  const writer = new ValueWriter();
  writer.writeUint(changes.length);
  for (const change of changes) {
    writer.writeUint((change.before === null ? 0 : BEFORE) | (change.after === null ? 0 : AFTER));
    if (change.before !== null) writer.writeRow(change.before);
    if (change.after !== null) writer.writeRow(change.after);
  }
  return writer.copyBytes();
}

function decodeBatch(bytes: Uint8Array): SinkChange[] {
  const reader = new ValueReader().reset(bytes);
  const count = reader.readUint();
  const changes: SinkChange[] = new Array<SinkChange>(count);
  for (let changeIdx = 0; changeIdx < count; changeIdx++) {
    const flags = reader.readUint();
    const before: Row | null = flags & BEFORE ? reader.readRow() : null;
    const after: Row | null = flags & AFTER ? reader.readRow() : null;
    changes[changeIdx] = { before, after };
  }
  return changes;
}
