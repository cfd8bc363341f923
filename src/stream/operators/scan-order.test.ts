import { describe, expect, it } from 'vitest';
import { ScanOrder, type Ordered } from './scan-order.js';

interface Member extends Ordered {
  readonly name: number;
}

const names = (order: ScanOrder<Member>): number[] => {
  const seen: number[] = [];
  order.forEach((member) => seen.push(member.name));
  return seen;
};

describe('ScanOrder', () => {
  it('gives members in the order they last joined, as an insertion-ordered Set does, across compactions', () => {
    const members: Member[] = Array.from({ length: 300 }, (_, name) => ({ name, seq: -1 }));
    const order = new ScanOrder<Member>();
    const model = new Set<Member>();
    let random = 7;
    const next = (bound: number): number => {
      random = (Math.imul(random, 1103515245) + 12345) >>> 0;
      return random % bound;
    };
    // Enough updates for the log to compact itself many times.
    for (let step = 0; step < 50_000; step++) {
      const member = members[next(members.length)]!;
      if (model.has(member)) {
        order.leave(member);
        model.delete(member);
        if (next(2) === 0) {
          order.join(member);
          model.add(member);
        }
      } else {
        order.join(member);
        model.add(member);
      }
      if (step % 4999 === 0) {
        expect(names(order)).toEqual([...model].map((member) => member.name));
        expect(order.size).toBe(model.size);
      }
    }
    expect(names(order)).toEqual([...model].map((member) => member.name));
    // `seq` orders the members as the scan does (lookups sort by it).
    const bySeq = [...model].sort((a, b) => a.seq - b.seq).map((member) => member.name);
    expect(bySeq).toEqual(names(order));
  });

  it('forgets every member on clear', () => {
    const order = new ScanOrder<Member>();
    const member: Member = { name: 1, seq: -1 };
    order.join(member);
    order.clear();
    expect(names(order)).toEqual([]);
    expect(order.size).toBe(0);
    order.join(member);
    expect(names(order)).toEqual([1]);
  });
});
