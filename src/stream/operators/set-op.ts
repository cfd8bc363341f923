// SetOp: EXCEPT and INTERSECT, with or without ALL, over two inputs; emits at barriers.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { BatchBuilder } from './batch-builder.js';

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
 */
export class SetOp implements Operator {
  private readonly encodeKey: (row: Row) => string;
  private readonly multiplicity: Multiplicity;
  private readonly entries = new Map<string, SetOpEntry>();
  private touched: SetOpEntry[] = [];

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
    for (const entry of this.touched) {
      entry.touched = false;
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

  /** Number of distinct rows held. */
  get size(): number {
    return this.entries.size;
  }
}
