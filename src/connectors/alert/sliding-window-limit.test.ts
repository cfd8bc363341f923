// Tests of the sliding-window rate limit with a manual clock: never more than N events in any window, later ones wait.
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimit, type LimitClock } from './sliding-window-limit.js';

/** A clock that moves only when the limit sleeps (by the time it asked for), recording each sleep. */
function manualClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: LimitClock = {
    now: () => now,
    async sleep(ms, signal) {
      signal.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms), now: () => now };
}

describe('SlidingWindowLimit', () => {
  it('lets `limit` events through at once, then each waits until the oldest of the last `limit` left the window', async () => {
    const { clock, sleeps, advance, now } = manualClock();
    const limit = new SlidingWindowLimit(3, 60_000, clock);
    const signal = new AbortController().signal;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limit.acquire(signal);
      times.push(now());
      advance(1000);
    }
    expect(sleeps).toEqual([]);
    for (let i = 0; i < 4; i++) {
      await limit.acquire(signal);
      times.push(now());
    }
    expect(sleeps).toEqual([57_000, 1000, 1000, 58_000]);
    // At most 3 events in any 60 s window.
    for (let i = 3; i < times.length; i++) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(60_000);
  });

  it('does not wait when the window has passed', async () => {
    const { clock, sleeps, advance } = manualClock();
    const limit = new SlidingWindowLimit(1, 60_000, clock);
    const signal = new AbortController().signal;
    await limit.acquire(signal);
    advance(60_000);
    await limit.acquire(signal);
    expect(sleeps).toEqual([]);
  });

  it('rejects a waiting event when aborted', async () => {
    const { clock } = manualClock();
    const limit = new SlidingWindowLimit(1, 60_000, clock);
    const controller = new AbortController();
    await limit.acquire(controller.signal);
    controller.abort();
    await expect(limit.acquire(controller.signal)).rejects.toThrow();
  });
});
