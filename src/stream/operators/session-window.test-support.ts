// Shared by the SessionWindow tests: input rows, random change epochs, and sessions computed from scratch.
import fc from 'fast-check';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { rowIdentityKey } from './row-identity.js';
import { SessionWindow } from './session-window.js';

/** Input rows: [id int4, user varchar, time timestamp (µs), kind varchar]. */
export const USER = 1;
export const TIME = 2;

export const makeSession = (gap: bigint, watermark?: () => bigint | null): SessionWindow =>
  new SessionWindow({ timeIndex: TIME, gap, partitionKeys: [(row) => row[USER]], keyTypes: ['varchar'], watermark });

/** A multiset of rows by representation. */
export class Multiset {
  readonly rows = new Map<string, { row: Row; count: number }>();

  /** Adds `weight` copies; returns false (and changes nothing) when that would leave fewer than zero. */
  add(row: Row, weight: number): boolean {
    const key = rowIdentityKey(row);
    const count = (this.rows.get(key)?.count ?? 0) + weight;
    if (count < 0) return false;
    if (count === 0) this.rows.delete(key);
    else this.rows.set(key, { row, count });
    return true;
  }

  clone(): Multiset {
    const copy = new Multiset();
    for (const [key, entry] of this.rows) copy.rows.set(key, { ...entry });
    return copy;
  }
}

export interface Session {
  readonly user: Value;
  readonly start: bigint;
  readonly end: bigint;
  readonly members: { row: Row; count: number }[];
}

/** Sessions from scratch: per user, rows sorted by time, split where consecutive times are `gap` or more apart. */
export function sessionsOf(rows: Multiset, gap: bigint): Session[] {
  const byUser = new Map<string, { row: Row; count: number }[]>();
  for (const entry of rows.rows.values()) {
    if (entry.row[TIME] === null) continue;
    const user = rowIdentityKey([entry.row[USER]]);
    byUser.set(user, [...(byUser.get(user) ?? []), entry]);
  }
  const sessions: Session[] = [];
  for (const entries of byUser.values()) {
    entries.sort((a, b) => Number((a.row[TIME] as bigint) - (b.row[TIME] as bigint)));
    let members: { row: Row; count: number }[] = [];
    const flush = (): void => {
      if (members.length === 0) return;
      const start = members[0].row[TIME] as bigint;
      const end = (members[members.length - 1].row[TIME] as bigint) + gap;
      sessions.push({ user: members[0].row[USER], start, end, members });
      members = [];
    };
    for (const entry of entries) {
      const last = members[members.length - 1];
      if (last !== undefined && (entry.row[TIME] as bigint) - (last.row[TIME] as bigint) >= gap) flush();
      members.push(entry);
    }
    flush();
  }
  return sessions;
}

/** What the operator's summed output must be: every row once per copy, tagged with its session's bounds. */
export function expectedTagging(rows: Multiset, gap: bigint): string[] {
  const sum = new ChangeSum();
  for (const session of sessionsOf(rows, gap)) {
    for (const { row, count } of session.members) sum.addRow([...row, session.start, session.end], count);
  }
  return sum.signature();
}

/** The closed sessions (end at or before the watermark), each with its rows, as comparable text. */
export function closedSessions(rows: Multiset, gap: bigint, watermark: bigint): string[] {
  return sessionsOf(rows, gap)
    .filter((session) => session.end <= watermark)
    .map((session) => `${rowIdentityKey([session.user, session.start, session.end])}:${session.members.map((m) => `${m.count}×${rowIdentityKey(m.row)}`).sort().join(',')}`)
    .sort();
}

export type Change = readonly [Row, number];

export const inputRow = fc
  .tuple(fc.nat(3), fc.constantFrom<Value>('a', 'b', null), fc.option(fc.nat(40), { nil: null, freq: 12 }), fc.constantFrom('view', 'cart'))
  .map(([id, user, time, kind]): Row => [id, user, time === null ? null : BigInt(time), kind]);

/** Epochs of batches of valid changes: insertions, and deletions of rows present (by representation). */
export const epochSequence = fc
  .array(fc.array(fc.tuple(inputRow, fc.option(fc.nat(), { nil: null, freq: 3 })), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 })
  .map((epochs) => {
    const present: Row[] = [];
    return epochs.map((epoch) =>
      epoch.map(([candidate, pick]): Change => {
        if (pick !== null && present.length > 0) return [present.splice(pick % present.length, 1)[0], -1];
        present.push(candidate);
        return [candidate, 1];
      }),
    );
  });

export const gapArbitrary = fc.bigInt({ min: 1n, max: 12n });
