// count(*) and count(x): int8, 0 over no rows.
import type { Value } from '../../types/value.js';
import { fixedSignature } from './aggregate.js';
import type { AggregateDefinition, AggregateState } from './aggregate.js';
import { SavedFields } from './saved-state.js';

/** Counts as bigints, made once: every emitted row carries a count, and most counts are small. */
const SMALL_COUNTS: bigint[] = [];
for (let count = 0n; count < 1024n; count++) SMALL_COUNTS.push(count);

/** The state of both counts: how many rows were counted, negative while retractions run ahead. */
abstract class CountState {
  protected count = 0;

  result(): Value {
    const count = this.count;
    return count >= 0 && count < SMALL_COUNTS.length ? SMALL_COUNTS[count]! : BigInt(count);
  }

  save(): Value[] {
    return [this.count];
  }

  load(values: readonly Value[]): void {
    const fields = new SavedFields(values);
    this.count = fields.number();
    fields.end();
  }
}

/** count(*): every row, whatever its arguments. */
class CountRowsState extends CountState implements AggregateState {
  apply(_args: readonly Value[], weight: number): void {
    this.count += weight;
  }
}

/** count(x): rows whose x is not NULL. */
class CountValuesState extends CountState implements AggregateState {
  apply(args: readonly Value[], weight: number): void {
    if (args[0] !== null) this.count += weight;
  }
}

/** count(*) is count with no arguments; count(x) accepts any type, as PostgreSQL's count("any"). */
export const countAggregate: AggregateDefinition = {
  name: 'count',
  signatures: [
    fixedSignature([], 'int8', () => new CountRowsState()),
    fixedSignature(['any'], 'int8', () => new CountValuesState()),
  ],
};
