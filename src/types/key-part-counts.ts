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
 * A count per distinct key part, in one table probed linearly. Each slot's hash and count sit side by side in a
 * Float64Array, its part in a plain array at the same index: a probe compares hashes within a cache line or two
 * and looks at a stored part only when the hashes match, and growing rehashes from the stored hashes without
 * reading the parts. JavaScript's `Set` and `Map` compare and rehash through the parts themselves: a DISTINCT
 * aggregate over many groups, each holding strings scattered in memory, spent most of its time on those reads.
 *
 * The hashes and counts live outside the collector's heap (a typed array's buffer): a table that grows with a
 * group's distinct values is new memory that survives the young generation, and the collector copies and
 * visits only its parts, a third of what one array of (hash, part, count) triples cost it.
 *
 * Parts whose count returns to zero are removed (backward-shift deletion: no tombstones, so probes stay short
 * however much the parts churn).
 */
export class KeyPartCounts {
  /** Per slot, two elements: hash (0: free) and count (a sum of weights). */
  private hashCounts = new Float64Array(2 * INITIAL_SLOTS);
  /** Per slot, the part (null when free). */
  private parts: KeyPart[] = newParts(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private used = 0;

  /** Parts with a count other than zero. */
  get size(): number {
    return this.used;
  }

  /** The count of `part` (0 when absent). */
  get(part: KeyPart): number {
    const hash = keyPartHash(part);
    const hashCounts = this.hashCounts;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const slotHash = hashCounts[2 * slot];
      if (slotHash === 0) return 0;
      if (slotHash === hash && this.parts[slot] === part) return hashCounts[2 * slot + 1]!;
    }
  }

  /** Adds `delta` to the count of `part` and returns the count before; a count that becomes zero is removed. */
  change(part: KeyPart, delta: number): number {
    const hash = keyPartHash(part);
    const hashCounts = this.hashCounts;
    const mask = this.mask;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const slotHash = hashCounts[2 * slot];
      if (slotHash === 0) break;
      if (slotHash === hash && this.parts[slot] === part) {
        const before = hashCounts[2 * slot + 1]!;
        const after = before + delta;
        if (after === 0) this.removeAt(slot);
        else hashCounts[2 * slot + 1] = after;
        return before;
      }
    }
    if (delta === 0) return 0;
    hashCounts[2 * slot] = hash;
    hashCounts[2 * slot + 1] = delta;
    this.parts[slot] = part;
    // At most half full: linear probes stay a slot or two long.
    if (++this.used * 2 > mask) this.grow();
    return 0;
  }

  /** Calls `each` with every part and its count, in no particular order. */
  forEach(each: (part: KeyPart, count: number) => void): void {
    const hashCounts = this.hashCounts;
    const parts = this.parts;
    for (let slot = 0; slot < parts.length; slot++) if (hashCounts[2 * slot] !== 0) each(parts[slot]!, hashCounts[2 * slot + 1]!);
  }

  /** Frees `slot`, moving back the entries after it that probed past it, so that every probe still finds them. */
  private removeAt(slot: number): void {
    const hashCounts = this.hashCounts;
    const parts = this.parts;
    const mask = this.mask;
    let free = slot;
    for (let next = (slot + 1) & mask; hashCounts[2 * next] !== 0; next = (next + 1) & mask) {
      const home = hashCounts[2 * next]! & mask;
      // The entry at `next` may move to `free` when its home is not in (free, next], cyclically.
      const stays = free <= next ? free < home && home <= next : free < home || home <= next;
      if (stays) continue;
      hashCounts[2 * free] = hashCounts[2 * next]!;
      hashCounts[2 * free + 1] = hashCounts[2 * next + 1]!;
      parts[free] = parts[next]!;
      free = next;
    }
    hashCounts[2 * free] = 0;
    hashCounts[2 * free + 1] = 0;
    parts[free] = null;
    this.used--;
  }

  private grow(): void {
    const oldHashCounts = this.hashCounts;
    const oldParts = this.parts;
    const count = oldParts.length * 2;
    const hashCounts = new Float64Array(2 * count);
    const parts = newParts(count);
    const mask = count - 1;
    for (let oldSlot = 0; oldSlot < oldParts.length; oldSlot++) {
      const hash = oldHashCounts[2 * oldSlot]!;
      if (hash === 0) continue;
      let slot = hash & mask;
      while (hashCounts[2 * slot] !== 0) slot = (slot + 1) & mask;
      hashCounts[2 * slot] = hash;
      hashCounts[2 * slot + 1] = oldHashCounts[2 * oldSlot + 1]!;
      parts[slot] = oldParts[oldSlot]!;
    }
    this.hashCounts = hashCounts;
    this.parts = parts;
    this.mask = mask;
  }
}

/** `count` free slots' parts. */
function newParts(count: number): KeyPart[] {
  const parts = new Array<KeyPart>(count);
  for (let slot = 0; slot < count; slot++) parts[slot] = null;
  return parts;
}
