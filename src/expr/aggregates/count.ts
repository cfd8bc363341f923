// count(*) and count(x): int8, 0 over no rows.
import type { Value } from '../../types/value.js';
import { fixedSignature } from './aggregate.js';
import type { AggregateDefinition, AggregateState } from './aggregate.js';

/** count(*): every row, whatever its arguments. */
class CountRowsState implements AggregateState {
  private count = 0;

  apply(_args: readonly Value[], weight: number): void {
    this.count += weight;
  }

  result(): Value {
    return BigInt(this.count);
  }
}

/** count(x): rows whose x is not NULL. */
class CountValuesState implements AggregateState {
  private count = 0;

  apply(args: readonly Value[], weight: number): void {
    if (args[0] !== null) this.count += weight;
  }

  result(): Value {
    return BigInt(this.count);
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
