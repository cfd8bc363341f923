// bool_and, bool_or and every (the SQL-standard spelling of bool_and) over boolean input.
import type { Value } from '../../types/value.js';
import { fixedSignature } from './aggregate.js';
import type { AggregateDefinition, AggregateState } from './aggregate.js';
import { SavedFields } from './saved-state.js';

/** Counts of true and false inputs, so that retracting the only false makes bool_and true again. */
class BooleanCountsState implements AggregateState {
  private trues = 0;
  private falses = 0;

  constructor(private readonly conjunction: boolean) {}

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value === true) this.trues += weight;
    else if (value === false) this.falses += weight;
  }

  result(): Value {
    if (this.trues + this.falses === 0) return null;
    return this.conjunction ? this.falses === 0 : this.trues > 0;
  }

  save(): Value[] {
    return [this.trues, this.falses];
  }

  load(values: readonly Value[]): void {
    const fields = new SavedFields(values);
    this.trues = fields.number();
    this.falses = fields.number();
    fields.end();
  }
}

export const boolAndOrAggregates: readonly AggregateDefinition[] = [
  { name: 'bool_and', signatures: [fixedSignature(['boolean'], 'boolean', () => new BooleanCountsState(true))] },
  { name: 'every', signatures: [fixedSignature(['boolean'], 'boolean', () => new BooleanCountsState(true))] },
  { name: 'bool_or', signatures: [fixedSignature(['boolean'], 'boolean', () => new BooleanCountsState(false))] },
];
