// HopWindow: assigns each row to every hopping (sliding) time window containing it; also TUMBLE's window start.
import type { ChangeBatch } from '../../types/change-batch.js';
import { SqlError } from '../../types/error.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { BatchBuilder } from './batch-builder.js';
import { tumbleStart } from '../../types/time-window.js';

export interface HopWindowConfig {
  /** Column of the event time (timestamp or timestamptz, µs as bigint). */
  readonly timeIndex: number;
  /** Distance between window starts, µs. */
  readonly slide: bigint;
  /** Window length, µs. */
  readonly size: bigint;
  /** Alignment of window starts, µs: every start ≡ offset (mod slide). */
  readonly offset: bigint;
}

/**
 * RisingWave's HOP: for each row with a non-NULL time t, emits one copy per window [start, start + size) that
 * contains t, with `start` and `start + size` appended (bigint µs), in increasing start order. Rows whose time
 * is NULL belong to no window and are dropped.
 */
export class HopWindow implements Operator {
  private readonly output = new BatchBuilder();

  constructor(private readonly config: HopWindowConfig) {
    if (config.slide <= 0n || config.size <= 0n) {
      throw new SqlError('invalid_parameter_value', 'window slide and size of HOP must be positive');
    }
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { timeIndex, slide, size, offset } = this.config;
    const { rows, weights } = batch;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const row = rows[rowIdx];
      const time = row[timeIndex];
      if (time === null) continue;
      const t = time as bigint;
      // Walk down from the last start <= t to the first window that still contains t.
      let start = tumbleStart(t, slide, offset);
      const earliest = t - size;
      while (start - slide > earliest) start -= slide;
      for (; start <= t; start += slide) {
        if (start <= earliest) continue;
        this.output.add(withWindow(row, start, start + size), weights[rowIdx]);
      }
    }
    return this.output.take();
  }

  barrier(): ChangeBatch | null {
    return null;
  }
}

function withWindow(row: Row, start: bigint, end: bigint): Row {
  const width = row.length;
  const output: Row = new Array<Value>(width + 2);
  for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = row[columnIdx];
  output[width] = start;
  output[width + 1] = end;
  return output;
}
