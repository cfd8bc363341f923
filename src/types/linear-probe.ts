// Deletion from tables probed linearly whose slots are (key, value) pairs in one typed array.

/** Per slot, two elements: a key (0: free) and its value. */
export type PairSlots = Int32Array | Float64Array;

/**
 * Frees `slot`, moving back the entries after it that probed past it, so that every probe still finds them
 * (backward-shift deletion: no tombstones, so probes stay short however much the keys churn). `home` gives the
 * slot a stored key hashes to.
 */
export function removePairAt(slots: PairSlots, mask: number, slot: number, home: (key: number) => number): void {
  let free = slot;
  for (let next = (slot + 1) & mask; slots[2 * next] !== 0; next = (next + 1) & mask) {
    const nextHome = home(slots[2 * next]!);
    // The entry at `next` may move to `free` when its home is not in (free, next], cyclically.
    const stays = free <= next ? free < nextHome && nextHome <= next : free < nextHome || nextHome <= next;
    if (stays) continue;
    slots[2 * free] = slots[2 * next]!;
    slots[2 * free + 1] = slots[2 * next + 1]!;
    free = next;
  }
  slots[2 * free] = 0;
  slots[2 * free + 1] = 0;
}
