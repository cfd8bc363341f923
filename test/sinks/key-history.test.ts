import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/catalog/catalog.js';
import { Numeric } from '../../src/types/numeric.js';
import { KeyHistory } from './key-history.js';

const COLUMNS: ColumnInfo[] = [{ name: 'k', type: 'varchar' }, { name: 'total', type: 'numeric' }];
const n = (text: string): Numeric => Numeric.parse(text);

/** A history of key a: 1.50, then 2.00, then no row, then 3.00; key b: 7.00. */
function history(numeric: 'exact' | 'padded' = 'exact'): KeyHistory {
  const keys = new KeyHistory(COLUMNS, [0], numeric);
  keys.apply({ rows: [['a', n('1.50')], ['b', n('7.00')]], weights: [1, 1] });
  keys.apply({ rows: [['a', n('2.00')], ['a', n('1.50')]], weights: [1, -1] });
  keys.apply({ rows: [['a', n('2.00')]], weights: [-1] });
  keys.apply({ rows: [['a', n('3.00')]], weights: [1] });
  return keys;
}

describe('KeyHistory', () => {
  it('keeps the current rows of the view', () => {
    expect(history().current()).toEqual([JSON.stringify(['a', '3.00']), JSON.stringify(['b', '7.00'])]);
  });

  it('accepts snapshots that move forward, skipping states', () => {
    const keys = history();
    keys.check([]);
    keys.check([['a', '1.50']]);
    keys.check([['b', '7.00']]);
    keys.check([['a', '3.00'], ['b', '7.00']]);
    expect(keys.violations).toEqual([]);
    expect(keys.snapshots).toBe(4);
  });

  it('names a key that went back to an earlier state', () => {
    const keys = history();
    keys.check([['a', '2.00'], ['b', '7.00']]);
    keys.check([['a', '1.50'], ['b', '7.00']]);
    expect(keys.violations).toEqual(['snapshot 2: key ["a"] went back from state 2 to state 1 of 5: ["a","1.50"]']);
  });

  it('names rows and keys the view never had', () => {
    const keys = history();
    keys.check([['a', '2.50'], ['c', '1.00']]);
    expect(keys.violations).toEqual(['snapshot 1: key ["c"] was never in the view', 'snapshot 1: key ["a"] shows a row the view never had: ["a","2.50"]']);
  });

  it('compares numerics by value when the target pads them', () => {
    const keys = history('padded');
    keys.check([['a', '3.000000'], ['b', '7']]);
    expect(keys.violations).toEqual([]);
  });
});
