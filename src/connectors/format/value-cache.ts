// ValueCache: interns the decoded values of one column while it repeats itself (dictionary encoding on the fly).

/** Lookups per verdict: after this many, a cache that hits less than half the time turns itself off. */
const TRIAL_LOOKUPS = 4096;
/** Entries kept at most; a full cache starts over, so that a drifting set of values cannot grow it. */
const CAPACITY = 4096;

/**
 * Maps a value's source text to the value decoded from it, so that rows repeating a value (a status, a
 * channel, a zero discount) share one immutable object instead of each holding a copy: fewer objects for the
 * garbage collector to copy as rows age, for tables and views that keep them. A column whose values rarely
 * repeat (ids) stops caching after a trial, and then costs one branch per value.
 */
export class ValueCache<T> {
  private readonly values = new Map<string, T>();
  private lookups = 0;
  private hits = 0;
  /** False once the trial showed the column does not repeat itself. */
  enabled = true;

  /** The cached value of `text`, or undefined (the caller decodes it and `add`s it). */
  get(text: string): T | undefined {
    const value = this.values.get(text);
    if (value !== undefined) this.hits++;
    if (++this.lookups === TRIAL_LOOKUPS && this.hits * 2 < this.lookups) {
      this.enabled = false;
      this.values.clear();
    }
    return value;
  }

  add(text: string, value: T): void {
    if (!this.enabled) return;
    if (this.values.size >= CAPACITY) this.values.clear();
    this.values.set(text, value);
  }
}
