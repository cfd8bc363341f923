// first_value(x ORDER BY ...) and last_value(x ORDER BY ...) as aggregates, as RisingWave provides them.
import type { Value } from '../../types/value.js';
import type { AggregateDefinition, AggregateSignature, AggregateState } from './aggregate.js';
import { OrderedRows, rowLayout } from './ordered-rows.js';
import type { RowLayout } from './ordered-rows.js';
import { loadPart, savePart } from './saved-state.js';

/**
 * x of the first (or last) row by the ORDER BY keys. NULL x values are not skipped (the first row's x may be
 * NULL), as RisingWave's first_value. Rows tied on the keys (all rows, without ORDER BY) are ordered by x
 * itself, NULLs last, so that the result depends only on the multiset of rows, never on arrival order.
 */
class FirstLastValueState implements AggregateState {
  private readonly rows: OrderedRows;

  constructor(
    layout: RowLayout,
    private readonly last: boolean,
  ) {
    this.rows = new OrderedRows(layout);
  }

  apply(args: readonly Value[], weight: number): void {
    this.rows.apply(args, weight);
  }

  result(): Value {
    const entry = this.last ? this.rows.last() : this.rows.first();
    return entry === undefined ? null : entry.values[0]!;
  }

  save(): Value[] {
    return savePart(this.rows);
  }

  load(values: readonly Value[]): void {
    loadPart(this.rows, values);
  }
}

const signature = (last: boolean): AggregateSignature => ({
  parameters: ['any'],
  build: ([type], options) => {
    const layout = rowLayout([type!], options.orderBy, 'values');
    return { returnType: type!, createState: () => new FirstLastValueState(layout, last) };
  },
});

export const firstLastValueAggregates: readonly AggregateDefinition[] = [
  { name: 'first_value', ordered: true, signatures: [signature(false)] },
  { name: 'last_value', ordered: true, signatures: [signature(true)] },
];
