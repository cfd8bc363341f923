// mode() WITHIN GROUP (ORDER BY x): the most frequent non-NULL value, the first in sort order among ties.
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import type { AggregateDefinition, AggregateImplementation, AggregateOptions, AggregateState } from './aggregate.js';
import { SavedFields } from './saved-state.js';
import { directedComparator } from './sort-order.js';
import { sameRepresentation } from './value-representation.js';
import { representationAt, ValueMultiset } from './value-multiset.js';
import type { ValueClass } from './value-multiset.js';

/**
 * The counted values in sort order and a cached winner. Adding copies can only promote the value it touches,
 * and retracting a value other than the winner cannot dethrone it (every other value already has fewer copies
 * or comes later), so the multiset is rescanned only after the winner itself loses copies.
 */
class ModeState implements AggregateState {
  private readonly values: ValueMultiset;
  private readonly compare: (a: Value, b: Value) => number;
  private winner: ValueClass | undefined;
  private winnerKnown = true;

  constructor(compare: (a: Value, b: Value) => number, same: ((a: Value, b: Value) => boolean) | undefined) {
    this.compare = compare;
    this.values = new ValueMultiset(compare, same);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value === null) return;
    const touched = this.values.add(value, weight);
    if (!this.winnerKnown) return;
    if (weight < 0 || touched.count <= 0) {
      if (touched === this.winner || this.winner === undefined) this.winnerKnown = false;
      return;
    }
    const winner = this.winner;
    if (
      winner === undefined ||
      winner === touched ||
      touched.count > winner.count ||
      (touched.count === winner.count && this.compare(touched.value, winner.value) < 0)
    ) {
      this.winner = touched;
    }
  }

  result(): Value {
    if (!this.winnerKnown) this.rescan();
    return this.winner === undefined || this.winner.count <= 0 ? null : representationAt(this.winner, 0);
  }

  /** The multiset, then the cached winner as its position in sort order (-1: none), so that ties resolve alike. */
  save(): Value[] {
    const out: Value[] = [];
    this.values.saveTo(out);
    let position = 0;
    let winnerPosition = -1;
    this.values.forEach((valueClass) => {
      if (valueClass === this.winner) {
        winnerPosition = position;
        return false;
      }
      position++;
    });
    out.push(this.winnerKnown, winnerPosition);
    return out;
  }

  load(values: readonly Value[]): void {
    const fields = new SavedFields(values);
    this.values.loadFrom(fields);
    this.winnerKnown = fields.boolean();
    const winnerPosition = fields.number();
    fields.end();
    let position = 0;
    this.winner = undefined;
    if (winnerPosition < 0) return;
    this.values.forEach((valueClass) => {
      if (position++ !== winnerPosition) return true;
      this.winner = valueClass;
      return false;
    });
  }

  private rescan(): void {
    let best: ValueClass | undefined;
    this.values.forEach((valueClass) => {
      if (valueClass.count > 0 && (best === undefined || valueClass.count > best.count)) best = valueClass;
    });
    this.winner = best;
    this.winnerKnown = true;
  }
}

function buildMode(keyType: DataType, options: AggregateOptions): AggregateImplementation {
  const key = options.orderBy[0]!;
  const compare = directedComparator({ ...key, type: keyType });
  const same = sameRepresentation(keyType);
  return { returnType: keyType, createState: () => new ModeState(compare, same) };
}

export const modeAggregate: AggregateDefinition = {
  name: 'mode',
  orderedSet: true,
  ordered: true,
  signatures: [{ parameters: ['anyelement'], build: ([keyType], options) => buildMode(keyType!, options) }],
};
