// string_agg(value, delimiter [ORDER BY ...]) over text or bytea.
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import type { AggregateDefinition, AggregateSignature, AggregateState } from './aggregate.js';
import { OrderedRows, rowLayout } from './ordered-rows.js';
import type { RowLayout } from './ordered-rows.js';
import { loadPart, savePart } from './saved-state.js';

/**
 * The non-NULL values in ORDER BY order (scan order without one), each preceded by its own row's delimiter
 * except the first; a NULL delimiter adds nothing. NULL over no rows.
 */
class StringAggState implements AggregateState {
  private readonly rows: OrderedRows;
  private cachedVersion = -1;
  private cached: Value = null;

  constructor(
    layout: RowLayout,
    private readonly binary: boolean,
  ) {
    this.rows = new OrderedRows(layout);
  }

  apply(args: readonly Value[], weight: number): void {
    if (args[0] !== null) this.rows.apply(args, weight);
  }

  result(): Value {
    if (this.cachedVersion !== this.rows.version) {
      this.cached = this.rows.isEmpty ? null : this.binary ? this.joinBytes() : this.joinText();
      this.cachedVersion = this.rows.version;
    }
    return this.cached;
  }

  save(): Value[] {
    return savePart(this.rows);
  }

  load(values: readonly Value[]): void {
    loadPart(this.rows, values);
  }

  private joinText(): string {
    const parts: string[] = [];
    this.rows.forEach((entry) => {
      const value = entry.values[0] as string;
      const delimiter = entry.values[1] as string | null;
      for (let copy = 0; copy < entry.count; copy++) {
        if (parts.length > 0 && delimiter !== null) parts.push(delimiter);
        parts.push(value);
      }
    });
    return parts.join('');
  }

  private joinBytes(): Uint8Array {
    const parts: Uint8Array[] = [];
    let first = true;
    this.rows.forEach((entry) => {
      const value = entry.values[0] as Uint8Array;
      const delimiter = entry.values[1] as Uint8Array | null;
      for (let copy = 0; copy < entry.count; copy++) {
        if (!first && delimiter !== null) parts.push(delimiter);
        parts.push(value);
        first = false;
      }
    });
    const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return joined;
  }
}

const signature = (type: DataType): AggregateSignature => ({
  parameters: [type, type],
  build: (_argTypes, options) => {
    const layout = rowLayout([type, type], options.orderBy, 'insertion');
    return { returnType: type, createState: () => new StringAggState(layout, type === 'bytea') };
  },
});

export const stringAggAggregate: AggregateDefinition = {
  name: 'string_agg',
  ordered: true,
  signatures: [signature('varchar'), signature('bytea')],
};
