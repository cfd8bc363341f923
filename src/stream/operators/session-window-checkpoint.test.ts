// Checkpoints of SessionWindow: random epochs with checkpoints, restored into a fresh operator that must continue identically.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, MapStateStore, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import type { PortBatch } from './run-epochs.js';
import { epochSequence, gapArbitrary, makeSession, type Change } from './session-window.test-support.js';

const asBatches = (epochs: readonly (readonly Change[])[]): PortBatch[][] =>
  epochs.map((epoch) => [{ port: 0, batch: { rows: epoch.map(([row]) => row), weights: epoch.map(([, weight]) => weight) } }]);

describe('SessionWindow checkpoints', () => {
  it('restores rows and continues as if never stopped (property)', () => {
    fc.assert(
      fc.property(gapArbitrary, epochSequence, fc.nat(), (gap, epochs, mask) => {
        runWithCheckpoints(() => makeSession(gap), asBatches(epochs), checkpointEpochs(epochs.length, mask));
      }),
      { numRuns: 150 },
    );
  });

  it('restores the watermark, the late count and only the open sessions under EMIT ON WINDOW CLOSE (property)', () => {
    const watermarkSteps = fc.array(fc.option(fc.nat(8), { nil: null }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(gapArbitrary, epochSequence, watermarkSteps, fc.nat(), (gap, epochs, steps, mask) => {
        // The watermark of each epoch is a function of its index: the harness interleaves several operators' runs.
        const watermarks: (bigint | null)[] = [];
        let watermark: bigint | null = null;
        for (const step of steps) {
          if (step !== null) watermark = (watermark ?? 0n) + BigInt(step);
          watermarks.push(watermark);
        }
        let current: bigint | null = null;
        runWithCheckpoints(() => makeSession(gap, () => current), asBatches(epochs), checkpointEpochs(epochs.length, mask), {
          beforeEpoch: (epochIdx) => {
            current = watermarks[epochIdx] ?? null;
          },
        });
      }),
      { numRuns: 150 },
    );
  });

  it('writes only what changed, and deletes the rows of closed sessions', () => {
    let watermark: bigint | null = null;
    const session = makeSession(10n, () => watermark);
    session.enableCheckpoints();
    const store = new MapStateStore();
    const rows = Array.from({ length: 50 }, (_, idx) => [idx, `u${idx % 5}`, BigInt(idx * 3), 'view']);
    session.push(0, { rows, weights: rows.map(() => 1) });
    session.barrier();
    expect(store.checkpoint(session, 0)).toEqual({ afterEpoch: 0, puts: 51, deletes: 0, entries: 51 });
    session.push(0, { rows: [[99, 'u1', 200n, 'cart']], weights: [1] });
    session.barrier();
    expect(store.checkpoint(session, 1)).toEqual({ afterEpoch: 1, puts: 1, deletes: 0, entries: 52 });
    // Every user's session before 150 closes (the last ends at 147 + 10), with the watermark entry rewritten.
    watermark = 160n;
    session.barrier();
    expect(store.checkpoint(session, 2)).toEqual({ afterEpoch: 2, puts: 1, deletes: 50, entries: 2 });

    const restored = makeSession(10n, () => watermark);
    restored.enableCheckpoints();
    restored.restore(store.sortedEntries());
    expect(restored.acceptedWatermark).toBe(160n);
    // Behind the watermark, outside u1's open session [200, 210): late in the restored operator too.
    restored.push(0, { rows: [[100, 'u1', 150n, 'view']], weights: [1] });
    expect(restored.lateRows).toBe(1);
    restored.push(0, { rows: [[101, 'u1', 205n, 'view']], weights: [1] });
    expect(new ChangeSum().add(restored.barrier()).signature()).toEqual(
      new ChangeSum()
        .addRow([99, 'u1', 200n, 'cart', 200n, 210n], -1)
        .addRow([99, 'u1', 200n, 'cart', 200n, 215n], 1)
        .addRow([101, 'u1', 205n, 'view', 200n, 215n], 1)
        .signature(),
    );
  });
});
