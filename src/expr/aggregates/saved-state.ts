// Reading back the Values an aggregate state saved: typed fields that fail loudly on a checkpoint of another shape.
import type { Value } from '../../types/value.js';

const mismatch = (what: string, index: number): Error =>
  new Error(`could not restore aggregate state: expected ${what} at position ${index}`);

/**
 * A cursor over saved Values, read in the order `save` wrote them. Loading happens once per group at restart,
 * so the checks cost nothing that matters, and a checkpoint written by another version of a state fails here
 * instead of corrupting results later.
 */
export class SavedFields {
  private index = 0;

  constructor(private readonly values: readonly Value[]) {}

  number(): number {
    const value = this.next();
    if (typeof value !== 'number') throw mismatch('a number', this.index - 1);
    return value;
  }

  bigint(): bigint {
    const value = this.next();
    if (typeof value !== 'bigint') throw mismatch('a bigint', this.index - 1);
    return value;
  }

  boolean(): boolean {
    const value = this.next();
    if (typeof value !== 'boolean') throw mismatch('a boolean', this.index - 1);
    return value;
  }

  array(): readonly Value[] {
    const value = this.next();
    if (!Array.isArray(value)) throw mismatch('an array', this.index - 1);
    return value as readonly Value[];
  }

  /** An array of numbers (counts per bit, per scale). */
  numbers(): readonly number[] {
    const index = this.index;
    const items = this.array();
    for (const item of items) if (typeof item !== 'number') throw mismatch('an array of numbers', index);
    return items as readonly number[];
  }

  /** An array of numbers, or undefined for a saved NULL. */
  optionalNumbers(): readonly number[] | undefined {
    if (this.values[this.index] === null) {
      this.index++;
      return undefined;
    }
    return this.numbers();
  }

  /** How many saved values are left to read: tells the forms of a part that saves its fields last apart. */
  get remaining(): number {
    return this.values.length - this.index;
  }

  /** Checks that every saved value was read. */
  end(): void {
    if (this.index !== this.values.length) {
      throw new Error(`could not restore aggregate state: ${this.values.length} values saved, ${this.index} expected`);
    }
  }

  private next(): Value {
    if (this.index >= this.values.length) throw mismatch('a value', this.index);
    return this.values[this.index++]!;
  }
}

/** A part of an aggregate state (a running sum, a multiset) that saves its fields after those of its owner. */
export interface SavedPart {
  /** Appends the part's fields to `out`. */
  saveTo(out: Value[]): void;
  /** Reads back, into a fresh part, the fields `saveTo` appended. */
  loadFrom(fields: SavedFields): void;
}

/** The saved Values of a state made of one part. */
export function savePart(part: SavedPart): Value[] {
  const out: Value[] = [];
  part.saveTo(out);
  return out;
}

/** Loads a state made of one part from what `savePart` returned. */
export function loadPart(part: SavedPart, values: readonly Value[]): void {
  const fields = new SavedFields(values);
  part.loadFrom(fields);
  fields.end();
}
