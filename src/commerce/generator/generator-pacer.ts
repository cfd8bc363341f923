// The pacer: asks the generator for a batch every tick, sends it to a target, counts per stream.
import type { CommerceStream, GeneratedRecord } from './commerce-streams.js';
import type { CommerceGenerator } from './commerce-generator.js';
import { systemClock, type GeneratorClock } from './generator-clock.js';
import type { GeneratorTarget } from './generator-target.js';

export interface PacerOptions {
  readonly generator: CommerceGenerator;
  readonly target: GeneratorTarget;
  /** The generator's clock (the pacer measures the duration and ticks with it). */
  readonly clock?: GeneratorClock;
  readonly tickMs?: number;
  /** Stop after this long; and/or after this many records (the last batch is cut to fit). Neither: until aborted. */
  readonly durationMs?: number;
  readonly events?: number;
  readonly signal?: AbortSignal;
  /** Called every `summaryEveryMs` and once at the end (`final`). */
  readonly onSummary?: (summary: PacerSummary, final: boolean) => void;
  readonly summaryEveryMs?: number;
  /** Waits between ticks (default: a timer that an abort cuts short; tests pass one that moves a manual clock). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What was sent so far. */
export interface PacerSummary {
  readonly elapsedMs: number;
  readonly total: number;
  readonly perStream: ReadonlyMap<CommerceStream, number>;
  readonly flashSale: boolean;
}

export const DEFAULT_TICK_MS = 100;
export const DEFAULT_SUMMARY_EVERY_MS = 5_000;

/**
 * Runs until the duration or event count is reached or the signal aborts; resolves with the final summary. A
 * tick's records go to the target grouped by stream (streams in parallel, each in order), and the next tick
 * waits for them: a slow target slows the generator rather than piling up batches. Does not close the target.
 */
export async function runPacer(options: PacerOptions): Promise<PacerSummary> {
  const clock = options.clock ?? systemClock;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const summaryEveryMs = options.summaryEveryMs ?? DEFAULT_SUMMARY_EVERY_MS;
  const sleep = options.sleep ?? abortableSleep;
  const { generator, target, signal } = options;
  const perStream = new Map<CommerceStream, number>();
  let total = 0;
  const startMs = clock.now();
  let nextSummaryMs = startMs + summaryEveryMs;
  let nextTickMs = startMs;
  const summary = (): PacerSummary => ({ elapsedMs: clock.now() - startMs, total, perStream: new Map(perStream), flashSale: generator.inFlashSale });
  const done = (): boolean =>
    signal?.aborted === true || (options.events !== undefined && total >= options.events) || (options.durationMs !== undefined && clock.now() - startMs >= options.durationMs);

  while (!done()) {
    let batch = generator.nextBatch();
    if (options.events !== undefined) batch = batch.slice(0, options.events - total);
    await sendByStream(target, batch);
    for (const record of batch) perStream.set(record.stream, (perStream.get(record.stream) ?? 0) + 1);
    total += batch.length;
    const now = clock.now();
    if (now >= nextSummaryMs) {
      options.onSummary?.(summary(), false);
      nextSummaryMs = now + summaryEveryMs;
    }
    if (done()) break;
    nextTickMs += tickMs;
    // Behind schedule (a slow target): the next tick starts now, and the generator's budget covers the time lost.
    if (nextTickMs <= now) nextTickMs = now;
    else await sleep(nextTickMs - now, signal);
  }
  const final = summary();
  options.onSummary?.(final, true);
  return final;
}

async function sendByStream(target: GeneratorTarget, batch: readonly GeneratedRecord[]): Promise<void> {
  const byStream = new Map<CommerceStream, GeneratedRecord[]>();
  for (const record of batch) {
    const records = byStream.get(record.stream);
    if (records) records.push(record);
    else byStream.set(record.stream, [record]);
  }
  await Promise.all([...byStream].map(([stream, records]) => target.send(stream, records)));
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One line for a person watching: the time, events sent and their rate; with `perStream`, each stream's count. */
export function summaryLine(summary: PacerSummary, perStream = false, prefix = 'datagen: '): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.total / seconds) : 0;
  const streams = perStream ? [...summary.perStream].sort(([a], [b]) => (a < b ? -1 : 1)).map(([stream, count]) => `${stream} ${count}`) : [];
  return `${prefix}${seconds.toFixed(1)}s, ${summary.total} events (${rate}/s)${summary.flashSale ? ', flash sale' : ''}${streams.length > 0 ? `: ${streams.join(', ')}` : ''}`;
}
