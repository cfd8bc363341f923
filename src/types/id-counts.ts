// IdCounts: a count per small non-negative integer id, in one typed array probed linearly.
import { removePairAt } from './linear-probe.js';

const INITIAL_SLOTS = 8;
/** 2^32 / φ: Fibonacci hashing spreads consecutive ids over the table, taken from the product's high bits. */
const GOLDEN = 0x9e3779b1;

/**
 * Counts per id (a `PartInterner`'s numbers): per slot, the id plus one (0: free) and its count side by side in
 * one Float64Array, outside the collector's heap, so that a table growing with a group's distinct values is no
 * work for the young generation's collections. Ids whose count returns to zero are removed (backward-shift
 * deletion: no tombstones, so probes stay short however much the ids churn).
 */
export class IdCounts {
  private slots = new Float64Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  /** 32 minus the table's bits: a home slot is the top bits of the id's product with GOLDEN. */
  private shift = 32 - Math.log2(INITIAL_SLOTS);
  private used = 0;

  /** Ids with a count other than zero. */
  get size(): number {
    return this.used;
  }

  /** The count of `id` (0 when absent). */
  get(id: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const stored = id + 1;
    for (let slot = this.home(id); ; slot = (slot + 1) & mask) {
      const slotId = slots[2 * slot];
      if (slotId === stored) return slots[2 * slot + 1]!;
      if (slotId === 0) return 0;
    }
  }

  /** Adds `delta` to the count of `id` and returns the count before; a count that becomes zero is removed. */
  change(id: number, delta: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const stored = id + 1;
    let slot = this.home(id);
    for (; ; slot = (slot + 1) & mask) {
      const slotId = slots[2 * slot];
      if (slotId === 0) break;
      if (slotId === stored) {
        const before = slots[2 * slot + 1]!;
        const after = before + delta;
        if (after === 0) this.removeAt(slot);
        else slots[2 * slot + 1] = after;
        return before;
      }
    }
    if (delta === 0) return 0;
    slots[2 * slot] = stored;
    slots[2 * slot + 1] = delta;
    // At most half full: linear probes stay a slot or two long.
    if (++this.used * 2 > mask) this.grow();
    return 0;
  }

  /** Calls `each` with every id and its count, in no particular order. */
  forEach(each: (id: number, count: number) => void): void {
    const slots = this.slots;
    for (let slot = 0; slot <= this.mask; slot++) if (slots[2 * slot] !== 0) each(slots[2 * slot]! - 1, slots[2 * slot + 1]!);
  }

  private home(id: number): number {
    return this.homeOfStored(id + 1);
  }

  private removeAt(slot: number): void {
    removePairAt(this.slots, this.mask, slot, this.homeOfStored);
    this.used--;
  }

  /** The home slot of a stored key (an id plus one). */
  private readonly homeOfStored = (stored: number): number => Math.imul(stored, GOLDEN) >>> this.shift;

  private grow(): void {
    const old = this.slots;
    const count = 2 * (this.mask + 1);
    this.slots = new Float64Array(2 * count);
    this.mask = count - 1;
    this.shift--;
    const slots = this.slots;
    const mask = this.mask;
    for (let oldSlot = 0; 2 * oldSlot < old.length; oldSlot++) {
      const stored = old[2 * oldSlot]!;
      if (stored === 0) continue;
      let slot = this.home(stored - 1);
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = stored;
      slots[2 * slot + 1] = old[2 * oldSlot + 1]!;
    }
  }
}
