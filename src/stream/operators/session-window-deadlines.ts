// SessionDeadlines: partition keys ordered by the time at which the watermark may close something of theirs.

/**
 * A binary min-heap of (time, key). A key may be queued several times and its times may have become stale: the
 * session window operator re-checks a key when its time comes, and queues it again if need be.
 */
export class SessionDeadlines {
  private times: bigint[] = [];
  private keys: string[] = [];

  get size(): number {
    return this.times.length;
  }

  push(time: bigint, key: string): void {
    const times = this.times;
    const keys = this.keys;
    let idx = times.length;
    times.push(time);
    keys.push(key);
    while (idx > 0) {
      const parent = (idx - 1) >> 1;
      if (times[parent] <= time) break;
      times[idx] = times[parent];
      keys[idx] = keys[parent];
      idx = parent;
    }
    times[idx] = time;
    keys[idx] = key;
  }

  /** The earliest time queued, if any. */
  get earliest(): bigint | undefined {
    return this.times[0];
  }

  /** Removes the earliest entry and returns its key (the caller checked `earliest`). */
  pop(): string {
    const times = this.times;
    const keys = this.keys;
    const top = keys[0];
    const lastTime = times.pop()!;
    const lastKey = keys.pop()!;
    const count = times.length;
    if (count === 0) return top;
    let idx = 0;
    for (;;) {
      let child = idx * 2 + 1;
      if (child >= count) break;
      if (child + 1 < count && times[child + 1] < times[child]) child++;
      if (times[child] >= lastTime) break;
      times[idx] = times[child];
      keys[idx] = keys[child];
      idx = child;
    }
    times[idx] = lastTime;
    keys[idx] = lastKey;
    return top;
  }

  clear(): void {
    this.times = [];
    this.keys = [];
  }
}
