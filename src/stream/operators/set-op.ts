// SetOp: EXCEPT and INTERSECT, with or without ALL, over two inputs; emits at barriers.
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { checkpointsNotEnabled, corruptState, expectEnd, readCount, writeCount, writeKeyedEntries } from './state-entry.js';

export interface SetOpConfig {
  readonly kind: 'except' | 'intersect';
  readonly all: boolean;
  /** Column types of both inputs (the planner has cast them to the common types). */
  readonly rowTypes: readonly DataType[];
}

interface SetOpEntry {
  readonly key: string;
  /** The representative printed for the row: the first representation seen on either input. */
  readonly row: Row;
  left: number;
  right: number;
  /** Multiplicity of the row in the output emitted so far. */
  emitted: number;
  touched: boolean;
}

type Multiplicity = (left: number, right: number) => number;

/** PostgreSQL's output multiplicity of a row occurring `left` times on the left input and `right` on the right. */
const MULTIPLICITY: Record<'except' | 'intersect', Record<'all' | 'distinct', Multiplicity>> = {
  except: {
    all: (left, right) => Math.max(left - right, 0),
    distinct: (left, right) => (left > 0 && right <= 0 ? 1 : 0),
  },
  intersect: {
    all: (left, right) => Math.max(Math.min(left, right), 0),
    distinct: (left, right) => (left > 0 && right > 0 ? 1 : 0),
  },
};

/**
 * Port 0 is the left input, port 1 the right one. Rows are compared as SQL set operations do (NULLs equal,
 * 2.0 equal to 2.00). At each barrier, emits for every row touched in the epoch the change of its output
 * multiplicity.
 *
 * Checkpoints hold one entry per distinct row: the key is its set-operation key (the same for 2.0 and 2.00),
 * the value its counts on both inputs and its representative. After a barrier a row has emitted the output
 * multiplicity of its counts, so that is not stored.
 */
export class SetOp implements StatefulOperator {
  private readonly encodeKey: (row: Row) => string;
  private readonly multiplicity: Multiplicity;
  private readonly entries = new Map<string, SetOpEntry>();
  private touched: SetOpEntry[] = [];
  /** Entries touched since the last checkpoint, by key (null while checkpoints are off). */
  private changed: Map<string, SetOpEntry> | null = null;
  /** False until the store holds every entry: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  private writer: ValueWriter | null = null;

  constructor(config: SetOpConfig) {
    this.encodeKey = rowKeyEncoder(config.rowTypes);
    this.multiplicity = MULTIPLICITY[config.kind][config.all ? 'all' : 'distinct'];
  }

  push(port: number, batch: ChangeBatch): ChangeBatch | null {
    if (port !== 0 && port !== 1) throw new Error(`set operation has no input port ${port}; this is a bug`);
    const { rows, weights } = batch;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const key = this.encodeKey(row);
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { key, row, left: 0, right: 0, emitted: 0, touched: false };
        this.entries.set(key, entry);
      }
      if (port === 0) entry.left += weight;
      else entry.right += weight;
      if (!entry.touched) {
        entry.touched = true;
        this.touched.push(entry);
      }
    }
    return null;
  }

  barrier(): ChangeBatch | null {
    const output = new BatchBuilder();
    const changed = this.changed;
    for (const entry of this.touched) {
      entry.touched = false;
      if (changed !== null) changed.set(entry.key, entry);
      const multiplicity = this.multiplicity(entry.left, entry.right);
      if (multiplicity !== entry.emitted) {
        output.add(entry.row, multiplicity - entry.emitted);
        entry.emitted = multiplicity;
      }
      if (entry.left === 0 && entry.right === 0) this.entries.delete(entry.key);
    }
    this.touched = [];
    return output.take();
  }

  enableCheckpoints(): void {
    this.changed ??= new Map();
  }

  checkpoint(stateWriter: StateWriter): void {
    const changed = this.changed;
    if (changed === null) throw checkpointsNotEnabled('set operation');
    const writer = (this.writer ??= new ValueWriter());
    writeKeyedEntries(stateWriter, writer, this.entries.values(), changed.values(), this.storeHoldsState, (entry) => entry.left !== 0 || entry.right !== 0, (entry) => this.entryValue(writer, entry));
    this.storeHoldsState = true;
    changed.clear();
  }

  private entryValue(writer: ValueWriter, entry: SetOpEntry): Uint8Array {
    writeCount(writer.reset(), entry.left);
    return writeCount(writer, entry.right).writeRow(entry.row).copyBytes();
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const reader = new ValueReader();
    for (const [keyBytes, bytes] of entries) {
      const key = reader.reset(keyBytes).readValue();
      expectEnd(reader, 'set operation');
      const left = readCount(reader.reset(bytes), 'set operation');
      const right = readCount(reader, 'set operation');
      const row = reader.readRow();
      expectEnd(reader, 'set operation');
      if ((left === 0 && right === 0) || key !== this.encodeKey(row)) {
        throw corruptState('set operation', 'an entry without rows or of another key');
      }
      this.entries.set(key, { key, row, left, right, emitted: this.multiplicity(left, right), touched: false });
    }
    this.storeHoldsState = true;
  }

  /** Number of distinct rows held. */
  get size(): number {
    return this.entries.size;
  }
}
