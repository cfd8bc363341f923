// The registry's public face: errors as PostgreSQL words them, function-style casts, quantified comparisons,
// specialization, volatility and the replaceable clock.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { Interval } from '../types/interval.js';
import { Numeric } from '../types/numeric.js';
import type { Value } from '../types/value.js';
import { clock, isKnownFunction, resolveFunction, resolveOperator } from './function-registry.js';
import type { ResolvedFunction } from './function-registry.js';

function sqlError(fn: () => unknown): SqlError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SqlError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

/** Calls a resolved function as the compiled plan does: strictness first, variadic args in one array. */
function call(fn: ResolvedFunction, ...args: Value[]): Value {
  if (fn.strict && args.includes(null)) return null;
  return fn.variadic ? fn.impl(args as unknown as Value) : fn.impl(...args);
}

describe('errors', () => {
  it('reports a missing function with PostgreSQL words, condition and hint', () => {
    const error = sqlError(() => resolveFunction('foo', ['int4']));
    expect(error.message).toBe('function foo(integer) does not exist');
    expect(error.condition).toBe('undefined_function');
    expect(error.hint).toBe('No function matches the given name and argument types. You might need to add explicit type casts.');
  });

  it('reports a missing operator', () => {
    const error = sqlError(() => resolveOperator('+', 'int4', 'varchar'));
    expect(error.message).toBe('operator does not exist: integer + text');
    expect(error.condition).toBe('undefined_function');
    expect(sqlError(() => resolveOperator('-', undefined, 'varchar')).message).toBe('operator does not exist: - text');
  });

  it('reports ambiguity', () => {
    const error = sqlError(() => resolveOperator('+', 'unknown', 'unknown'));
    expect(error.message).toBe('operator is not unique: unknown + unknown');
    expect(error.condition).toBe('ambiguous_function');
    expect(error.hint).toBe('Could not choose a best candidate operator. You might need to add explicit type casts.');
  });

  it('raises data errors at run time', () => {
    const divide = resolveOperator('/', 'int4', 'int4');
    const error = sqlError(() => call(divide, 1, 0));
    expect(error.condition).toBe('division_by_zero');
    expect(error.message).toBe('division by zero');
    expect(sqlError(() => call(resolveOperator('+', 'int4', 'int4'), 2147483647, 1)).message).toBe('integer out of range');
  });
});

describe('names', () => {
  it('knows library functions, also qualified with pg_catalog', () => {
    expect(isKnownFunction('lower')).toBe(true);
    expect(isKnownFunction('pg_catalog.lower')).toBe(true);
    expect(isKnownFunction('other.lower')).toBe(false);
    expect(isKnownFunction('nosuch')).toBe(false);
    expect(resolveFunction('pg_catalog.now', []).returnType).toBe('timestamptz');
  });

  it('treats a type name called with one argument as a cast', () => {
    const text = resolveFunction('text', ['int4']);
    expect(text.returnType).toBe('varchar');
    expect(call(text, 42)).toBe('42');
    const date = resolveFunction('date', ['unknown']);
    expect(date.argTypes).toEqual(['date']);
    expect(resolveFunction('date', ['timestamp']).returnType).toBe('date');
    expect(resolveFunction('numeric', ['int4']).returnType).toBe('numeric');
  });
});

describe('calling conventions', () => {
  it('calls variadic functions with one array and skips NULLs in concat', () => {
    const concat = resolveFunction('concat', ['varchar', 'int4', 'varchar']);
    expect(concat.variadic).toBe(true);
    expect(concat.strict).toBe(false);
    expect(call(concat, 'a', 1, null)).toBe('a1');
  });

  it('resolves greatest over the common type and ignores NULLs', () => {
    const greatest = resolveFunction('greatest', ['numeric', 'numeric']);
    expect(greatest.returnType).toBe('numeric');
    expect(String(call(greatest, Numeric.parse('1.5'), null))).toBe('1.5');
    expect(call(greatest, null, null)).toBeNull();
  });

  it('specializes LIKE on a constant pattern', () => {
    const like = resolveOperator('~~', 'varchar', 'unknown');
    expect(like.argTypes).toEqual(['varchar', 'varchar']);
    const matcher = like.specialize!([undefined, 'ab%']);
    expect(matcher('abc', 'ab%')).toBe(true);
    expect(matcher('xabc', 'ab%')).toBe(false);
  });

  it('implements LIKE ... ESCAPE as like_escape(x, pattern, escape)', () => {
    const like = resolveFunction('like_escape', ['varchar', 'varchar', 'varchar']);
    expect(like.returnType).toBe('boolean');
    expect(call(like, 'a%c', 'a#%c', '#')).toBe(true);
    expect(call(like, 'abc', 'a#%c', '#')).toBe(false);
    expect(call(like, 'a%c', 'a%c', '')).toBe(true);
    expect(sqlError(() => call(like, 'a', 'a', 'xy')).message).toBe('invalid escape string');
    const ilike = resolveFunction('ilike_escape', ['varchar', 'varchar', 'varchar']);
    expect(call(ilike, 'A_C', 'a!_c', '!')).toBe(true);
  });

  it('marks time functions volatile and reads the replaceable clock', () => {
    const now = resolveFunction('now', []);
    expect(now.volatile).toBe(true);
    expect(resolveFunction('lower', ['varchar']).volatile).toBeUndefined();
    const original = clock.now;
    clock.now = () => 1_600_000_000_000_000n;
    try {
      expect(call(now)).toBe(1_600_000_000_000_000n);
      expect(call(resolveFunction('current_date', []))).toBe(18518);
      expect(call(resolveFunction('localtimestamp', ['int4']), 0)).toBe(1_600_000_000_000_000n);
    } finally {
      clock.now = original;
    }
  });

  it('resolves AT TIME ZONE as an operator with the timestamp on the left', () => {
    const at = resolveOperator('at time zone', 'timestamptz', 'unknown');
    expect(at.returnType).toBe('timestamp');
    expect(call(at, 0n, 'Asia/Tokyo')).toBe(9n * 3_600_000_000n);
  });
});

describe('quantified comparisons', () => {
  const any = (left: Parameters<typeof resolveFunction>[1][number], array: Parameters<typeof resolveFunction>[1][number]) =>
    resolveFunction('any_op', ['varchar', left, array]);

  it('types an untyped side from the other', () => {
    expect(any('unknown', 'int4[]').argTypes).toEqual(['varchar', 'int4', 'int4[]']);
    expect(any('int8', 'unknown').argTypes).toEqual(['varchar', 'int8', 'int8[]']);
    expect(any('int4', 'int4[]').returnType).toBe('boolean');
  });

  it('follows SQL three-valued logic for ANY and ALL', () => {
    const eqAny = any('int4', 'int8[]').specialize!(['=']);
    expect(eqAny('=', 2, [1n, 2n])).toBe(true);
    expect(eqAny('=', 3, [1n, 2n])).toBe(false);
    expect(eqAny('=', 3, [1n, null])).toBeNull();
    expect(eqAny('=', null, [])).toBe(false);
    expect(eqAny('=', null, [1n])).toBeNull();
    expect(eqAny('=', 1, null)).toBeNull();
    const ltAll = resolveFunction('all_op', ['varchar', 'numeric', 'numeric[]']).specialize!(['<']);
    expect(ltAll('<', Numeric.parse('1'), [Numeric.parse('2'), Numeric.parse('3.5')])).toBe(true);
    expect(ltAll('<', Numeric.parse('3'), [Numeric.parse('2'), null])).toBe(false);
    expect(ltAll('<', Numeric.parse('1'), [Numeric.parse('2'), null])).toBeNull();
    expect(ltAll('<', Numeric.parse('9'), [])).toBe(true);
  });

  it('works through the plain implementation too', () => {
    const fn = any('varchar', 'varchar[]');
    expect(call(fn, '~~', 'abc', ['x%', 'a%'])).toBe(true);
  });

  it('rejects operators that do not exist for the types', () => {
    const fn = any('int4', 'int4[]');
    expect(sqlError(() => fn.specialize!(['~~'])).message).toBe('operator does not exist: integer ~~ integer');
  });
});

describe('interval operators', () => {
  it('adds intervals to timestamps as calendar months', () => {
    const plus = resolveOperator('+', 'timestamp', 'interval');
    const jan31 = 1_580_428_800_000_000n; // 2020-01-31 00:00
    const feb29 = 1_582_934_400_000_000n;
    expect(call(plus, jan31, new Interval(1, 0, 0n))).toBe(feb29);
  });
});

describe('specialization errors', () => {
  it('defers an invalid constant pattern to the first row, as PostgreSQL evaluates it per row', () => {
    const regex = resolveOperator('~', 'varchar', 'varchar');
    const matcher = regex.specialize!([undefined, '(']);
    expect(sqlError(() => matcher('x', '(')).message).toBe('invalid regular expression: parentheses () not balanced');
    const like = resolveOperator('~~', 'varchar', 'varchar');
    const likeMatcher = like.specialize!([undefined, 'ab\\']);
    expect(sqlError(() => likeMatcher('x', 'ab\\')).message).toBe('LIKE pattern must not end with escape character');
  });
});
