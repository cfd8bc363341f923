// string_agg: delimiters, ORDER BY, bytea and retraction from the middle.
import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.js';
import { resolveAggregate } from '../aggregate-registry.js';

const stringAgg = (type: DataType, descending?: boolean) =>
  resolveAggregate('string_agg', [type, type], {
    distinct: false,
    orderBy: descending === undefined ? [] : [{ type, descending, nullsFirst: descending }],
    directArgs: [],
  }).createState();

describe('string_agg', () => {
  it('skips the first row delimiter and NULL delimiters, as PostgreSQL', () => {
    const state = stringAgg('varchar');
    for (const row of [['a', '1'], ['b', null], ['c', '3'], [null, '4']]) state.apply(row, 1);
    expect(state.result()).toBe('ab3c');
  });

  it('lists values in ORDER BY order and forgets retracted ones', () => {
    const state = stringAgg('varchar', true);
    for (const value of ['b', 'd', 'a', 'c']) state.apply([value, ',', value], 1);
    expect(state.result()).toBe('d,c,b,a');
    state.apply(['c', ',', 'c'], -1);
    expect(state.result()).toBe('d,b,a');
    state.apply(['b', ',', 'b'], 2);
    expect(state.result()).toBe('d,b,b,b,a');
    for (const value of ['a', 'b', 'b', 'b', 'd']) state.apply([value, ',', value], -1);
    expect(state.result()).toBeNull();
  });

  it('keeps arrival order without ORDER BY, and settles a retraction that arrives first', () => {
    const state = stringAgg('varchar');
    state.apply(['x', ';'], -1);
    for (const value of ['y', 'x', 'z']) state.apply([value, ';'], 1);
    expect(state.result()).toBe('y;z');
  });

  it('joins bytea', () => {
    const state = stringAgg('bytea');
    state.apply([new Uint8Array([1]), new Uint8Array([45])], 1);
    state.apply([new Uint8Array([2, 3]), new Uint8Array([45])], 1);
    expect(state.result()).toEqual(new Uint8Array([1, 45, 2, 3]));
  });
});
