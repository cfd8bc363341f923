// KeyPartCounts: a count per key part (string, integer, bigint, boolean, NULL) in one open-addressing table.
import type { KeyPart } from './key.js';

/** Slots of a new table: a power of two. */
const INITIAL_SLOTS = 8;
/** FNV-1a's offset basis and prime, over UTF-16 code units. */
const FNV_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const TWO_TO_32 = 4294967296;

/**
 * A hash of `part` that is never 0 (0 marks a free slot). Equal parts (by `===`, which for key parts is SQL
 * equality) hash alike: a bigint hashes as the double nearest to it, so 2n ** 60n and 2n ** 60n + 1n merely
 * collide.
 */
export function keyPartHash(part: KeyPart): number {
  let hash: number;
  if (typeof part === 'string') {
    hash = FNV_SEED;
    for (let charIdx = 0; charIdx < part.length; charIdx++) hash = Math.imul(hash ^ part.charCodeAt(charIdx), FNV_PRIME);
  } else if (typeof part === 'number' || typeof part === 'bigint') {
    const double = Number(part);
    // Low and high 32 bits of an integer-valued double; `| 0` wraps, which a hash may.
    hash = Math.imul((double | 0) ^ Math.imul((double / TWO_TO_32) | 0, 0x27d4eb2d), 0x9e3779b1);
  } else {
    hash = part === null ? 0x3c6ef372 : part ? 0x5bd1e995 : 0x1b873593;
  }
  // Spread the high bits into the low ones, which pick the slot.
  hash ^= hash >>> 16;
  return hash === 0 ? 1 : hash;
}

/**
 * A count per distinct key part, in one table probed linearly. Each slot holds the part's hash, the part and its
 * count side by side in one array, so that a probe compares hashes within a cache line or two and looks at a
 * stored part only when the hashes match, and growing rehashes from the stored hashes without reading the parts.
 * JavaScript's `Set` and `Map` compare and rehash through the parts themselves: a DISTINCT aggregate over many
 * groups, each holding strings scattered in memory, spent most of its time on those reads. Parts whose count
 * returns to zero are removed (backward-shift deletion: no tombstones, so probes stay short however much the
 * parts churn).
 */
export class KeyPartCounts {
  /** Per slot, three elements: hash (0: free), part, count (a sum of weights). */
  private slots: (number | KeyPart)[] = newSlots(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private used = 0;

  /** Parts with a count other than zero. */
  get size(): number {
    return this.used;
  }

  /** The count of `part` (0 when absent). */
  get(part: KeyPart): number {
    const hash = keyPartHash(part);
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const slotHash = slots[3 * slot];
      if (slotHash === 0) return 0;
      if (slotHash === hash && slots[3 * slot + 1] === part) return slots[3 * slot + 2] as number;
    }
  }

  /** Adds `delta` to the count of `part` and returns the count before; a count that becomes zero is removed. */
  change(part: KeyPart, delta: number): number {
    const hash = keyPartHash(part);
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const slotHash = slots[3 * slot];
      if (slotHash === 0) break;
      if (slotHash === hash && slots[3 * slot + 1] === part) {
        const before = slots[3 * slot + 2] as number;
        const after = before + delta;
        if (after === 0) this.removeAt(slot);
        else slots[3 * slot + 2] = after;
        return before;
      }
    }
    if (delta === 0) return 0;
    slots[3 * slot] = hash;
    slots[3 * slot + 1] = part;
    slots[3 * slot + 2] = delta;
    // At most half full: linear probes stay a slot or two long.
    if (++this.used * 2 > mask) this.grow();
    return 0;
  }

  /** Calls `each` with every part and its count, in no particular order. */
  forEach(each: (part: KeyPart, count: number) => void): void {
    const slots = this.slots;
    for (let index = 0; index < slots.length; index += 3) if (slots[index] !== 0) each(slots[index + 1] as KeyPart, slots[index + 2] as number);
  }

  /** Frees `slot`, moving back the entries after it that probed past it, so that every probe still finds them. */
  private removeAt(slot: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let free = slot;
    for (let next = (slot + 1) & mask; slots[3 * next] !== 0; next = (next + 1) & mask) {
      const home = (slots[3 * next] as number) & mask;
      // The entry at `next` may move to `free` when its home is not in (free, next], cyclically.
      const stays = free <= next ? free < home && home <= next : free < home || home <= next;
      if (stays) continue;
      slots[3 * free] = slots[3 * next]!;
      slots[3 * free + 1] = slots[3 * next + 1]!;
      slots[3 * free + 2] = slots[3 * next + 2]!;
      free = next;
    }
    slots[3 * free] = 0;
    slots[3 * free + 1] = null;
    slots[3 * free + 2] = 0;
    this.used--;
  }

  private grow(): void {
    const old = this.slots;
    const count = (old.length / 3) * 2;
    const slots = newSlots(count);
    const mask = count - 1;
    for (let index = 0; index < old.length; index += 3) {
      const hash = old[index] as number;
      if (hash === 0) continue;
      let slot = hash & mask;
      while (slots[3 * slot] !== 0) slot = (slot + 1) & mask;
      slots[3 * slot] = hash;
      slots[3 * slot + 1] = old[index + 1]!;
      slots[3 * slot + 2] = old[index + 2]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** `count` free slots. */
function newSlots(count: number): (number | KeyPart)[] {
  const slots = new Array<number | KeyPart>(3 * count);
  for (let index = 0; index < slots.length; index += 3) {
    slots[index] = 0;
    slots[index + 1] = null;
    slots[index + 2] = 0;
  }
  return slots;
}
