// array_agg(x [ORDER BY ...]): x[] of the inputs in order, NULLs included.
import { arrayOf, elementType, typeDisplayName } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import type { AggregateDefinition, AggregateState } from './aggregate.js';
import { OrderedRows, rowLayout } from './ordered-rows.js';
import type { RowLayout } from './ordered-rows.js';
import { loadPart, savePart } from './saved-state.js';

/** The inputs in ORDER BY order (scan order without one); NULL over no rows. */
class ArrayAggState implements AggregateState {
  private readonly rows: OrderedRows;
  private cachedVersion = -1;
  private cached: Value = null;

  constructor(layout: RowLayout) {
    this.rows = new OrderedRows(layout);
  }

  apply(args: readonly Value[], weight: number): void {
    this.rows.apply(args, weight);
  }

  result(): Value {
    if (this.cachedVersion !== this.rows.version) {
      this.cachedVersion = this.rows.version;
      if (this.rows.isEmpty) this.cached = null;
      else {
        const elements: Value[] = [];
        this.rows.forEach((entry) => {
          for (let copy = 0; copy < entry.count; copy++) elements.push(entry.values[0]!);
        });
        this.cached = elements;
      }
    }
    return this.cached;
  }

  save(): Value[] {
    return savePart(this.rows);
  }

  load(values: readonly Value[]): void {
    loadPart(this.rows, values);
  }
}

export const arrayAggAggregate: AggregateDefinition = {
  name: 'array_agg',
  ordered: true,
  signatures: [
    {
      parameters: ['anynonarray'],
      build: ([type], options) => {
        const layout = rowLayout([type!], options.orderBy, 'insertion');
        return { returnType: arrayOf(elementType(type!)), createState: () => new ArrayAggState(layout) };
      },
    },
    {
      // PostgreSQL stacks arrays into a multidimensional array; Tally's arrays have one dimension.
      parameters: ['anyarray'],
      build: ([type]) => {
        throw new SqlError('feature_not_supported', `array_agg of ${typeDisplayName(type!)} is not supported`, {
          hint: 'Multidimensional arrays are not supported.',
        });
      },
    },
  ],
};
