// Tests of the pacer: limits by events and duration, abort, grouping by stream, summaries.
import { describe, expect, it } from 'vitest';
import type { CommerceStream, GeneratedRecord } from './commerce-streams.js';
import { CommerceGenerator } from './commerce-generator.js';
import { ManualClock } from './generator-clock.js';
import { runPacer, summaryLine, type PacerSummary } from './generator-pacer.js';
import type { GeneratorTarget } from './generator-target.js';

const START_MS = Date.UTC(2026, 10, 21, 15, 1, 0);

/** A target that keeps what it was sent, one entry per send. */
function recordingTarget(): GeneratorTarget & { sends: { stream: CommerceStream; records: readonly GeneratedRecord[] }[] } {
  const sends: { stream: CommerceStream; records: readonly GeneratedRecord[] }[] = [];
  return {
    sends,
    async send(stream, records) {
      sends.push({ stream, records });
    },
    async close() {},
  };
}

function setUp(rate: number) {
  const clock = new ManualClock(START_MS);
  const generator = new CommerceGenerator({ seed: 1, rate, clock, flashSale: null });
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  return { clock, generator, sleep, sleeps, target: recordingTarget() };
}

describe('runPacer', () => {
  it('stops at exactly the event count, sending each stream its records in order', async () => {
    const { clock, generator, sleep, sleeps, target } = setUp(1000);
    const summary = await runPacer({ generator, target, clock, sleep, events: 2500 });
    expect(summary.total).toBe(2500);
    const sent = target.sends.flatMap((send) => send.records);
    expect(sent).toHaveLength(2500);
    expect(target.sends.every((send) => send.records.length > 0 && send.records.every((record) => record.stream === send.stream))).toBe(true);
    expect([...summary.perStream.values()].reduce((sum, count) => sum + count, 0)).toBe(2500);
    for (const [stream, count] of summary.perStream) expect(sent.filter((record) => record.stream === stream)).toHaveLength(count);
    // About 2.5 s of 100 ms ticks at 1000 events per second.
    expect(sleeps.every((ms) => ms === 100)).toBe(true);
    expect(sleeps.length).toBeGreaterThanOrEqual(23);
    expect(sleeps.length).toBeLessThanOrEqual(27);
  });

  it('stops after the duration, with a summary every interval and a final one', async () => {
    const { clock, generator, sleep, target } = setUp(200);
    const summaries: [PacerSummary, boolean][] = [];
    const summary = await runPacer({ generator, target, clock, sleep, durationMs: 12_000, summaryEveryMs: 5_000, onSummary: (s, final) => summaries.push([s, final]) });
    expect(summary.elapsedMs).toBe(12_000);
    // 200 events per second for 12 s, and 8 hosts' metrics per second.
    expect(summary.total).toBeGreaterThan(12 * 208 - 50);
    expect(summary.total).toBeLessThan(12 * 208 + 50);
    expect(summaries.map(([s, final]) => [s.elapsedMs, final])).toEqual([
      [5_000, false],
      [10_000, false],
      [12_000, true],
    ]);
    expect(summaryLine(summary)).toMatch(/^datagen: 12\.0s, \d+ events \(\d+\/s\)$/);
    expect(summaryLine(summary, true)).toMatch(/^datagen: 12\.0s, \d+ events \(\d+\/s\): ecommerce\.orders \d+, ecommerce\.orders\.eu \d+, /);
  });

  it('stops when aborted, and waits for the target before the next tick', async () => {
    const { clock, generator, target } = setUp(500);
    const abort = new AbortController();
    const inFlight = new Map<CommerceStream, number>();
    let maxInFlight = 0;
    let overlapped = false;
    const slowTarget: GeneratorTarget = {
      async send(stream, records) {
        inFlight.set(stream, (inFlight.get(stream) ?? 0) + 1);
        overlapped ||= inFlight.get(stream)! > 1;
        maxInFlight = Math.max(maxInFlight, [...inFlight.values()].reduce((sum, count) => sum + count, 0));
        await new Promise((resolve) => setImmediate(resolve));
        await target.send(stream, records);
        inFlight.set(stream, inFlight.get(stream)! - 1);
      },
      close: () => target.close(),
    };
    let ticks = 0;
    const sleep = async (ms: number): Promise<void> => {
      if (++ticks === 30) abort.abort();
      clock.advance(ms);
    };
    const summary = await runPacer({ generator, target: slowTarget, clock, sleep, signal: abort.signal });
    expect(ticks).toBe(30);
    expect(summary.elapsedMs).toBe(3_000);
    expect([...inFlight.values()].every((count) => count === 0)).toBe(true);
    // Streams of one tick go out together; ticks never overlap (one send per stream at a time).
    expect(maxInFlight).toBeGreaterThan(1);
    expect(overlapped).toBe(false);
    expect(summary.total).toBe(target.sends.reduce((sum, send) => sum + send.records.length, 0));
  });
});
