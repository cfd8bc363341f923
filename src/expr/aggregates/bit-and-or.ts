// bit_and, bit_or and bit_xor over int2, int4 and int8, retractable through per-bit counts.
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import { fixedSignature } from './aggregate.js';
import type { AggregateDefinition, AggregateSignature, AggregateState } from './aggregate.js';
import { SavedFields } from './saved-state.js';

type BitOperation = 'and' | 'or' | 'xor';

/**
 * For every bit position, the number of values held with that bit set: bit_and's bit is set when all values
 * have it, bit_or's when any has, bit_xor's when an odd number have.
 */
class BitCountsState implements AggregateState {
  private count = 0;
  private readonly ones: Float64Array;

  constructor(
    private readonly operation: BitOperation,
    private readonly big: boolean,
  ) {
    this.ones = new Float64Array(big ? 64 : 32);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value === null) return;
    this.count += weight;
    if (this.big) {
      const bits = BigInt.asUintN(64, value as bigint);
      this.addWord(Number(bits & 0xffffffffn), 0, weight);
      this.addWord(Number(bits >> 32n), 32, weight);
    } else this.addWord(value as number, 0, weight);
  }

  private addWord(word: number, offset: number, weight: number): void {
    for (let bit = 0; bit < 32; bit++) if ((word >>> bit) & 1) this.ones[offset + bit]! += weight;
  }

  private bitSet(bit: number): boolean {
    const ones = this.ones[bit]!;
    if (this.operation === 'and') return ones === this.count;
    if (this.operation === 'or') return ones > 0;
    return ones % 2 !== 0;
  }

  result(): Value {
    if (this.count === 0) return null;
    if (!this.big) {
      let word = 0;
      for (let bit = 0; bit < 32; bit++) if (this.bitSet(bit)) word |= 1 << bit;
      return word;
    }
    let bits = 0n;
    for (let bit = 63; bit >= 0; bit--) bits = (bits << 1n) | (this.bitSet(bit) ? 1n : 0n);
    return BigInt.asIntN(64, bits);
  }

  save(): Value[] {
    return [this.count, Array.from(this.ones)];
  }

  load(values: readonly Value[]): void {
    const fields = new SavedFields(values);
    this.count = fields.number();
    const ones = fields.numbers();
    if (ones.length !== this.ones.length) throw new Error('could not restore aggregate state: bit counts of another width');
    this.ones.set(ones);
    fields.end();
  }
}

function signatures(operation: BitOperation): AggregateSignature[] {
  const types: readonly DataType[] = ['int2', 'int4', 'int8'];
  return types.map((type) => fixedSignature([type], type, () => new BitCountsState(operation, type === 'int8')));
}

export const bitAndOrAggregates: readonly AggregateDefinition[] = [
  { name: 'bit_and', signatures: signatures('and') },
  { name: 'bit_or', signatures: signatures('or') },
  { name: 'bit_xor', signatures: signatures('xor') },
];
