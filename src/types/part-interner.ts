// PartInterner: one small number per distinct key part, shared by many tables, with how many of them hold it.
import type { KeyPart } from './key.js';
import { removePairAt } from './linear-probe.js';

const INITIAL_SLOTS = 64;
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
 * Numbers the distinct key parts (strings, integers, bigints, booleans, NULL) that many tables count, so that
 * each table holds numbers in a typed array instead of the parts themselves. A DISTINCT aggregate keeps one per
 * aggregate and a table of counts per group: a value seen in many groups (a customer buying from many
 * merchants) is held once, and a new (group, value) pair adds no object for the garbage collector to copy out
 * of the young generation, where each pair used to keep its own copy of the decoded string and a share of an
 * array of parts.
 *
 * The lookup is a table probed linearly, each slot's hash and id side by side in one Int32Array: a probe
 * compares hashes and reads a stored part only when they match (a third less time than a `Map`, which hashes
 * each new string in the runtime). An id lives while some table holds it (`hold` / `release`) and is then
 * reused, so that the interner stays the size of the values currently counted.
 */
export class PartInterner {
  /** Per slot, two elements: the part's hash (0: free) and its id. */
  private slots = new Int32Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  /** Per id, its part as first seen (null once free). */
  private readonly parts: KeyPart[] = [];
  /** Per id, how many tables hold it. */
  private holders = new Int32Array(INITIAL_SLOTS);
  private readonly freeIds: number[] = [];
  private used = 0;

  /** Distinct parts with an id. */
  get size(): number {
    return this.used;
  }

  /** The id of `part`: its own, or a new one that no table holds yet (`hold` it, or `forgetUnheld` it). */
  idOf(part: KeyPart): number {
    const hash = keyPartHash(part);
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const slotHash = slots[2 * slot];
      if (slotHash === 0) break;
      if (slotHash === hash && this.parts[slots[2 * slot + 1]!] === part) return slots[2 * slot + 1]!;
    }
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.parts.length;
    if (id === this.holders.length) {
      const holders = new Int32Array(2 * id);
      holders.set(this.holders);
      this.holders = holders;
    }
    this.parts[id] = part;
    this.holders[id] = 0;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id;
    // At most half full: linear probes stay a slot or two long.
    if (++this.used * 2 > mask) this.grow();
    return id;
  }

  /** The part numbered `id`, as first seen. */
  part(id: number): KeyPart {
    return this.parts[id]!;
  }

  /** One more table holds `id`. */
  hold(id: number): void {
    this.holders[id]!++;
  }

  /** One table less holds `id`: forgotten (and its number free) once none does. */
  release(id: number): void {
    if (--this.holders[id]! === 0) this.forget(id);
  }

  /** Forgets `id` when no table took it after `idOf` made it. */
  forgetUnheld(id: number): void {
    if (this.holders[id] === 0) this.forget(id);
  }

  private forget(id: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let slot = keyPartHash(this.parts[id]!) & mask;
    while (slots[2 * slot + 1] !== id || slots[2 * slot] === 0) slot = (slot + 1) & mask;
    this.removeAt(slot);
    this.parts[id] = null;
    this.freeIds.push(id);
  }

  private removeAt(slot: number): void {
    const mask = this.mask;
    removePairAt(this.slots, mask, slot, (hash) => hash & mask);
    this.used--;
  }

  private grow(): void {
    const old = this.slots;
    const count = 2 * (this.mask + 1);
    const slots = new Int32Array(2 * count);
    const mask = count - 1;
    for (let oldSlot = 0; 2 * oldSlot < old.length; oldSlot++) {
      const hash = old[2 * oldSlot]!;
      if (hash === 0) continue;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = old[2 * oldSlot + 1]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
