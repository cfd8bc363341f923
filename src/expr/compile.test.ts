import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { compileExpr, compilePredicate } from './compile.js';
import type { BoundExpr } from './expr.js';
import { column, literal } from './expr.js';
import type { ResolvedFunction } from './function-registry.js';

const bool = (v: boolean | null): BoundExpr => literal(v, 'boolean');
const divide: ResolvedFunction = {
  name: '/',
  argTypes: ['int4', 'int4'],
  returnType: 'int4',
  strict: true,
  impl: (a, b) => {
    if (b === 0) throw new SqlError('division_by_zero', 'division by zero');
    return Math.trunc((a as number) / (b as number));
  },
};

describe('compileExpr', () => {
  it('follows SQL three-valued logic for AND and OR', () => {
    const cases: [boolean | null, boolean | null, boolean | null, boolean | null][] = [
      [true, null, null, true],
      [false, null, false, null],
      [null, null, null, null],
      [true, false, false, true],
    ];
    for (const [a, b, and, or] of cases) {
      expect(compileExpr({ kind: 'and', args: [bool(a), bool(b)], type: 'boolean' })([])).toBe(and);
      expect(compileExpr({ kind: 'or', args: [bool(a), bool(b)], type: 'boolean' })([])).toBe(or);
    }
  });

  it('treats a NULL predicate as not passing', () => {
    expect(compilePredicate(bool(null))([])).toBe(false);
    expect(compilePredicate(column(0, 'boolean'))([true])).toBe(true);
  });

  it('returns NULL for strict functions with a NULL argument without calling them', () => {
    const call: BoundExpr = { kind: 'call', fn: divide, args: [column(0, 'int4'), column(1, 'int4')], type: 'int4' };
    const fn = compileExpr(call);
    expect(fn([10, 3])).toBe(3);
    expect(fn([null, 0])).toBe(null);
  });

  it('raises data errors in strict mode and turns them into NULL in non-strict mode', () => {
    const call: BoundExpr = { kind: 'call', fn: divide, args: [literal(10, 'int4'), column(0, 'int4')], type: 'int4' };
    expect(() => compileExpr(call)([0])).toThrow('division by zero');
    const seen: Error[] = [];
    const lenient = compileExpr(call, { nonStrict: true, onDataError: (e) => seen.push(e) });
    expect(lenient([0])).toBe(null);
    expect(lenient([5])).toBe(2);
    expect(seen).toHaveLength(1);
  });

  it('gives x IN (list) SQL semantics with NULLs, through the hashed path for constants', () => {
    const inList = (list: (number | null)[], negated: boolean, keyed: boolean): BoundExpr => ({
      kind: 'inList',
      arg: column(0, 'int4'),
      list: list.map((v) => literal(v, 'int4')),
      negated,
      equals: (a, b) => a === b,
      keyOf: keyed ? (v) => String(v) : undefined,
      type: 'boolean',
    });
    for (const keyed of [true, false]) {
      expect(compileExpr(inList([1, 2], false, keyed))([2])).toBe(true);
      expect(compileExpr(inList([1, null], false, keyed))([2])).toBe(null);
      expect(compileExpr(inList([1, null], true, keyed))([2])).toBe(null);
      expect(compileExpr(inList([1, 2], true, keyed))([3])).toBe(true);
      expect(compileExpr(inList([1, 2], false, keyed))([null])).toBe(null);
    }
  });

  it('folds constant subtrees once', () => {
    let calls = 0;
    const counting: ResolvedFunction = { ...divide, impl: (a, b) => (calls++, (a as number) / (b as number)) };
    const fn = compileExpr({ kind: 'call', fn: counting, args: [literal(8, 'int4'), literal(2, 'int4')], type: 'int4' });
    fn([]);
    fn([]);
    expect(calls).toBe(1);
  });
});
