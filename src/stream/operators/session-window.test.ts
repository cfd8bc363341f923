// Tests of SessionWindow against a from-scratch sessionization after every epoch, with and without a closing watermark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { rowIdentityKey } from './row-identity.js';
import type { SessionWindow } from './session-window.js';
import {
  closedSessions,
  epochSequence,
  expectedTagging,
  gapArbitrary,
  inputRow,
  makeSession,
  Multiset,
  sessionsOf,
  TIME,
  USER,
  type Change,
} from './session-window.test-support.js';


function push(operator: SessionWindow, changes: readonly Change[], output: ChangeSum): void {
  output.add(operator.push(0, { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) }));
}

describe('SessionWindow', () => {
  it('tags rows with their session: first time, last time plus the gap, per key', () => {
    const session = makeSession(10n);
    const output = new ChangeSum();
    push(session, [[[1, 'a', 100n, 'view'], 1], [[2, 'a', 105n, 'cart'], 1], [[3, 'a', 114n, 'view'], 1], [[4, 'b', 101n, 'view'], 1], [[5, 'a', null, 'view'], 1]], output);
    expect(output.isEmpty).toBe(true);
    output.add(session.barrier());
    expect(output.signature()).toEqual(
      new ChangeSum()
        .addRow([1, 'a', 100n, 'view', 100n, 124n], 1)
        .addRow([2, 'a', 105n, 'cart', 100n, 124n], 1)
        .addRow([3, 'a', 114n, 'view', 100n, 124n], 1)
        .addRow([4, 'b', 101n, 'view', 101n, 111n], 1)
        .signature(),
    );
  });

  it('splits a session when the gap is reached exactly, and merges sessions a row bridges', () => {
    const session = makeSession(10n);
    session.push(0, { rows: [[1, 'a', 0n, 'view'], [2, 'a', 10n, 'view']], weights: [1, 1] });
    expect(session.barrier()!.rows).toEqual(
      expect.arrayContaining([
        [1, 'a', 0n, 'view', 0n, 10n],
        [2, 'a', 10n, 'view', 10n, 20n],
      ]),
    );
    session.push(0, { rows: [[3, 'a', 5n, 'view']], weights: [1] });
    const merged = session.barrier()!;
    expect(new ChangeSum().add(merged).signature()).toEqual(
      new ChangeSum()
        .addRow([1, 'a', 0n, 'view', 0n, 10n], -1)
        .addRow([2, 'a', 10n, 'view', 10n, 20n], -1)
        .addRow([1, 'a', 0n, 'view', 0n, 20n], 1)
        .addRow([2, 'a', 10n, 'view', 0n, 20n], 1)
        .addRow([3, 'a', 5n, 'view', 0n, 20n], 1)
        .signature(),
    );
  });

  it('emits only the changed row when a session keeps its bounds', () => {
    const session = makeSession(10n);
    session.push(0, { rows: [[1, 'a', 0n, 'view'], [2, 'a', 8n, 'view']], weights: [1, 1] });
    session.barrier();
    session.push(0, { rows: [[3, 'a', 4n, 'cart']], weights: [1] });
    expect(session.barrier()).toEqual({ rows: [[3, 'a', 4n, 'cart', 0n, 18n]], weights: [1] });
  });

  it('equals a from-scratch sessionization after every epoch of inserts and deletes (property)', () => {
    fc.assert(
      fc.property(gapArbitrary, epochSequence, (gap, epochs) => {
        const session = makeSession(gap);
        const rows = new Multiset();
        const output = new ChangeSum();
        for (const epoch of epochs) {
          // Two batches per epoch, so that changes of one epoch arrive in several pushes.
          const half = epoch.length >> 1;
          push(session, epoch.slice(0, half), output);
          push(session, epoch.slice(half), output);
          output.add(session.barrier());
          for (const [row, weight] of epoch) rows.add(row, weight);
          expect(output.signature()).toEqual(expectedTagging(rows, gap));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds nothing after a batch and its negation, and gives one view whatever the arrival order (property)', () => {
    fc.assert(
      fc.property(gapArbitrary, fc.array(inputRow, { maxLength: 20 }), fc.integer(), (gap, rows, seed) => {
        const session = makeSession(gap);
        const output = new ChangeSum();
        push(session, rows.map((row) => [row, 1]), output);
        output.add(session.barrier());
        const shuffled = shuffle(rows, seed);
        push(session, shuffled.map((row) => [row, -1]), output);
        output.add(session.barrier());
        expect(output.isEmpty).toBe(true);
        expect(session.partitions.size).toBe(0);

        const oneByOne = makeSession(gap);
        const perRow = new ChangeSum();
        for (const row of shuffled) {
          push(oneByOne, [[row, 1]], perRow);
          perRow.add(oneByOne.barrier());
        }
        const atOnce = makeSession(gap);
        const together = new ChangeSum();
        push(atOnce, rows.map((row) => [row, 1]), together);
        together.add(atOnce.barrier());
        expect(perRow.signature()).toEqual(together.signature());
      }),
    );
  });

  it('accepts a deletion before its insertion within an epoch', () => {
    const session = makeSession(5n);
    const output = new ChangeSum();
    push(session, [[[1, 'a', 3n, 'view'], 1]], output);
    output.add(session.barrier());
    push(session, [[[2, 'a', 5n, 'view'], -1], [[2, 'a', 5n, 'view'], 1], [[1, 'a', 3n, 'view'], -1], [[1, 'a', 3n, 'view'], 1]], output);
    expect(session.barrier()).toBeNull();
  });

  it('refuses to end an epoch holding a deletion of a row never inserted', () => {
    const session = makeSession(5n);
    session.push(0, { rows: [[1, 'a', 3n, 'view']], weights: [-1] });
    expect(() => session.barrier()).toThrow('session window received a deletion of a row it does not hold (this is a bug)');
  });
});

describe('SessionWindow under a watermark (EMIT ON WINDOW CLOSE)', () => {
  it('drops closed sessions, and the changes behind the watermark outside open sessions', () => {
    let watermark: bigint | null = null;
    const session = makeSession(10n, () => watermark);
    const output = new ChangeSum();
    push(session, [[[1, 'a', 0n, 'view'], 1], [[2, 'a', 5n, 'cart'], 1], [[3, 'b', 12n, 'view'], 1]], output);
    watermark = 15n;
    output.add(session.barrier());
    // a's session [0, 15) is closed and its rows are gone; b's [12, 22) is held.
    expect([...session.partitions.values()].map((p) => p.slots.map((slot) => slot.time))).toEqual([[12n]]);
    // 14 would extend a's closed session, 3 would change it, its row cannot be deleted any more, 4 for b is behind
    // the watermark before b's open session: all late. 16 for a is not behind the watermark, 13 for b joins b's session.
    push(
      session,
      [[[4, 'a', 14n, 'view'], 1], [[5, 'a', 3n, 'view'], 1], [[1, 'a', 0n, 'view'], -1], [[6, 'a', 16n, 'view'], 1], [[7, 'b', 13n, 'view'], 1], [[8, 'b', 4n, 'view'], 1]],
      output,
    );
    expect(session.lateRows).toBe(4);
    output.add(session.barrier());
    expect(output.signature()).toEqual(
      new ChangeSum()
        .addRow([1, 'a', 0n, 'view', 0n, 15n], 1)
        .addRow([2, 'a', 5n, 'cart', 0n, 15n], 1)
        .addRow([6, 'a', 16n, 'view', 16n, 26n], 1)
        .addRow([3, 'b', 12n, 'view', 12n, 23n], 1)
        .addRow([7, 'b', 13n, 'view', 12n, 23n], 1)
        .signature(),
    );
    // Deleting 13 would leave b's session as [12, 22), already closed at 22: late. Deleting 12 leaves [13, 23).
    watermark = 22n;
    output.add(session.barrier());
    push(session, [[[7, 'b', 13n, 'view'], -1], [[3, 'b', 12n, 'view'], -1]], output);
    expect(session.lateRows).toBe(5);
  });

  it('forgets a key when its last session closes', () => {
    let watermark: bigint | null = null;
    const session = makeSession(10n, () => watermark);
    session.push(0, { rows: [[1, 'a', 0n, 'view'], [2, 'a', 30n, 'view']], weights: [1, 1] });
    session.barrier();
    watermark = 10n;
    session.barrier();
    expect(session.partitions.size).toBe(1);
    watermark = 40n;
    session.barrier();
    expect(session.partitions.size).toBe(0);
  });

  it('accepts the changes the definition of lateness accepts, which never alter closed sessions (property)', () => {
    const watermarkSteps = fc.array(fc.option(fc.nat(8), { nil: null }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(gapArbitrary, epochSequence, watermarkSteps, (gap, epochs, steps) => {
        let watermark: bigint | null = null;
        const session = makeSession(gap, () => watermark);
        const accepted = new Multiset();
        const output = new ChangeSum();
        let late = 0;
        epochs.forEach((epoch, epochIdx) => {
          for (const [row, weight] of epoch) {
            push(session, [[row, weight]], output);
            const acceptedWatermark = session.acceptedWatermark;
            if (isLate(accepted, row, weight, gap, acceptedWatermark)) {
              late++;
              continue;
            }
            const closedBefore = acceptedWatermark === null ? [] : closedSessions(accepted, gap, acceptedWatermark);
            accepted.add(row, weight);
            if (acceptedWatermark !== null) expect(closedSessions(accepted, gap, acceptedWatermark)).toEqual(closedBefore);
          }
          const step = steps[epochIdx];
          if (step !== null && step !== undefined) watermark = (watermark ?? 0n) + BigInt(step);
          output.add(session.barrier());
          expect(session.lateRows).toBe(late);
          expect(output.signature()).toEqual(expectedTagging(accepted, gap));
          // Only rows of open sessions are held.
          const open = sessionsOf(accepted, gap).filter((s) => watermark === null || s.end > watermark);
          const held = [...session.partitions.values()].flatMap((p) => p.slots.flatMap((slot) => slot.entries.map((e) => `${e.count}×${rowIdentityKey(e.row)}`)));
          expect(held.sort()).toEqual(open.flatMap((s) => s.members.map((m) => `${m.count}×${rowIdentityKey(m.row)}`)).sort());
        });
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The definition of a late change, over everything accepted so far and the watermark of the last barrier: an
 * insertion behind the watermark outside [start, end) of every open session of its user (one that ends after the
 * watermark); a deletion of copies never accepted, or one that would change the closed sessions.
 */
function isLate(accepted: Multiset, row: Row, weight: number, gap: bigint, watermark: bigint | null): boolean {
  const time = row[TIME] as bigint | null;
  if (time === null || watermark === null) return false;
  if (weight > 0) {
    if (time >= watermark) return false;
    const user = rowIdentityKey([row[USER]]);
    return !sessionsOf(accepted, gap).some((s) => rowIdentityKey([s.user]) === user && s.end > watermark && s.start <= time && time < s.end);
  }
  const after = accepted.clone();
  if (!after.add(row, weight)) return true;
  return closedSessions(accepted, gap, watermark).join('\n') !== closedSessions(after, gap, watermark).join('\n');
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0;
  for (let idx = copy.length - 1; idx > 0; idx--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const other = state % (idx + 1);
    [copy[idx], copy[other]] = [copy[other], copy[idx]];
  }
  return copy;
}
