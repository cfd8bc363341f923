// SpanCache: interns the decoded values of one column while it repeats itself, looked up by a span of the record text.

/** Lookups per verdict: after this many, a cache that hits less than half the time turns itself off. */
const TRIAL_LOOKUPS = 4096;
/** Entries kept at most; a full cache starts over, so that a drifting set of values cannot grow it. */
const CAPACITY = 4096;
/** Hash slots: a power of two, twice the capacity, so that probe sequences stay short. */
const SLOTS = CAPACITY * 2;
const SLOT_MASK = SLOTS - 1;
/** FNV-1a's offset basis and prime, over UTF-16 code units. */
export const SPAN_HASH_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** One step of the span hash: callers that scan the span anyway hash it as they go. */
export const spanHashStep = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

/** The span hash of `text[start, end)`, the same as folding `spanHashStep` over its code units from the seed. */
export function spanHash(text: string, start: number, end: number): number {
  let hash = SPAN_HASH_SEED;
  for (let charIdx = start; charIdx < end; charIdx++) hash = Math.imul(hash ^ text.charCodeAt(charIdx), FNV_PRIME);
  return hash;
}

/**
 * Maps a value's source text to the value decoded from it, so that rows repeating a value (a status, a
 * channel, a zero discount) share one immutable object instead of each holding a copy: fewer objects for the
 * garbage collector to copy as rows age, for tables and views that keep them. Lookups take the text as a span
 * of the record and its hash, so that a hit allocates nothing: no substring, no string hash. A column whose
 * values rarely repeat (ids) stops caching after a trial, and then costs one branch per value.
 */
export class SpanCache<T> {
  /** Per slot: the key's hash, its text (undefined: free) and its value. */
  private readonly hashes = new Int32Array(SLOTS);
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly values: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);
  private size = 0;
  private lookups = 0;
  private hits = 0;
  /** False once the trial showed the column does not repeat itself. */
  enabled = true;

  /** The value cached for `text[start, end)` whose `spanHash` is `hash`, or undefined (the caller decodes it and `add`s it). */
  get(text: string, start: number, end: number, hash: number): T | undefined {
    const length = end - start;
    const keys = this.keys;
    let value: T | undefined;
    for (let slot = hash & SLOT_MASK; ; slot = (slot + 1) & SLOT_MASK) {
      const key = keys[slot];
      if (key === undefined) break;
      if (this.hashes[slot] === hash && key.length === length && sameCodes(text, start, key)) {
        value = this.values[slot];
        this.hits++;
        break;
      }
    }
    if (++this.lookups === TRIAL_LOOKUPS && this.hits * 2 < this.lookups) {
      this.enabled = false;
      this.clear();
    }
    return value;
  }

  /** Caches `value` for the key text `key` of hash `hash` (not cached yet). */
  add(key: string, hash: number, value: T): void {
    if (!this.enabled) return;
    if (this.size >= CAPACITY) this.clear();
    const keys = this.keys;
    let slot = hash & SLOT_MASK;
    while (keys[slot] !== undefined) slot = (slot + 1) & SLOT_MASK;
    keys[slot] = key;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
  }

  private clear(): void {
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.size = 0;
  }
}

/** True when `text` holds `key` at `start` (within bounds): a loop of code compares costs less than `startsWith` here. */
function sameCodes(text: string, start: number, key: string): boolean {
  for (let charIdx = 0; charIdx < key.length; charIdx++) if (text.charCodeAt(start + charIdx) !== key.charCodeAt(charIdx)) return false;
  return true;
}
