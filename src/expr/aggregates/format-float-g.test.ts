// formatFloatG against C's printf("%g").
import { describe, expect, it } from 'vitest';
import { formatFloatG } from './format-float-g.js';

describe('formatFloatG', () => {
  it('writes what printf("%g") writes', () => {
    const cases: [number, string][] = [
      [1.5, '1.5'],
      [2, '2'],
      [-0.1, '-0.1'],
      [1e10, '1e+10'],
      [1.23456789, '1.23457'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [123456, '123456'],
      [1234567, '1.23457e+06'],
      [1e100, '1e+100'],
      [NaN, 'nan'],
      [-Infinity, '-inf'],
    ];
    expect(cases.map(([value]) => formatFloatG(value))).toEqual(cases.map(([, text]) => text));
  });
});
