// What the target tests share: a generator run on a manual clock, sent to a target and recorded.
import type { CommerceStream, GeneratedRecord } from './commerce-streams.js';
import { CommerceGenerator, type CommerceGeneratorOptions } from './commerce-generator.js';
import { ManualClock } from './generator-clock.js';
import { runPacer, type PacerSummary } from './generator-pacer.js';
import type { GeneratorTarget } from './generator-target.js';

export const START_MS = Date.UTC(2026, 10, 21, 15, 1, 0);

/** Runs the pacer on a manual clock (no real waiting) into `target`; returns what was sent, by stream. */
export async function sendRun(
  target: GeneratorTarget,
  options: Omit<CommerceGeneratorOptions, 'clock'> & { readonly durationMs: number },
  clock = new ManualClock(START_MS),
): Promise<{ summary: PacerSummary; sent: Map<CommerceStream, GeneratedRecord[]> }> {
  const generator = new CommerceGenerator({ flashSale: null, ...options, clock });
  const sent = new Map<CommerceStream, GeneratedRecord[]>();
  const recording: GeneratorTarget = {
    async send(stream, records) {
      sent.set(stream, [...(sent.get(stream) ?? []), ...records]);
      await target.send(stream, records);
    },
    close: () => target.close(),
  };
  const summary = await runPacer({
    generator,
    target: recording,
    clock,
    durationMs: options.durationMs,
    sleep: async (ms) => clock.advance(ms),
  });
  return { summary, sent };
}
