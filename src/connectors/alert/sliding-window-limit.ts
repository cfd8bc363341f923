// At most N events in any window of time (an alert sink's notifications per minute): later ones wait their turn.
import { setTimeout as sleep } from 'node:timers/promises';

/** The time source of a limit; tests give their own. */
export interface LimitClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: LimitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/**
 * Counts events in a sliding window: an event may happen when fewer than `limit` happened in the `windowMs`
 * before it, which a token bucket does not promise (it lets a full burst follow a full burst). Used by one
 * caller at a time: the alert writers send their notifications one after another.
 */
export class SlidingWindowLimit {
  /** Times of the last `limit` events, oldest at `next` once full. */
  private readonly times: number[];
  private next = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: LimitClock = systemClock,
  ) {
    this.times = [];
  }

  /** Waits until one more event keeps the window within the limit, then counts it. Rejects when `signal` aborts. */
  async acquire(signal: AbortSignal): Promise<void> {
    if (this.times.length === this.limit) {
      const wait = this.times[this.next]! + this.windowMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
    }
    signal.throwIfAborted();
    const now = this.clock.now();
    if (this.times.length < this.limit) this.times.push(now);
    else this.times[this.next] = now;
    this.next = (this.next + 1) % this.limit;
  }
}
