import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.js';
import { resolveAggregate } from '../aggregate-registry.js';
import { resolveFunction } from '../function-registry.js';
import { builtinFunctions } from './function-listing.js';

const POLYMORPHIC = new Set(['any', 'anyelement', 'anyarray', 'anynonarray', 'anycompatible', 'anycompatiblearray']);
const concrete = (types: readonly string[]): types is readonly DataType[] => types.every((type) => !POLYMORPHIC.has(type));

describe('the built-in function listing', () => {
  it('lists each scalar overload with the result its call resolves to', () => {
    const scalars = builtinFunctions().filter((fn) => fn.kind === 'f' && fn.volatility !== 's');
    expect(scalars.length).toBeGreaterThan(200);
    for (const fn of scalars) {
      if (!concrete(fn.parameters) || fn.variadic) continue;
      expect(resolveFunction(fn.name, fn.parameters).returnType, `${fn.name}(${fn.parameters.join(', ')})`).toBe(fn.result);
    }
  });

  it('lists each aggregate overload with the result its call resolves to, the polymorphic ones by pseudo-type', () => {
    const aggregates = builtinFunctions().filter((fn) => fn.kind === 'a');
    for (const fn of aggregates) {
      if (!concrete(fn.parameters) || fn.directArguments !== undefined) continue;
      expect(resolveAggregate(fn.name, fn.parameters, { distinct: false, orderBy: [], directArgs: [] }).returnType, fn.name).toBe(fn.result);
    }
    const signature = (name: string) => aggregates.filter((fn) => fn.name === name).map((fn) => `${fn.parameters.join(',')}->${fn.result}`);
    expect(signature('count')).toEqual(['->int8', 'any->int8']);
    expect(signature('mode')).toEqual(['anyelement->anyelement']);
    expect(signature('first_value')).toEqual(['any->anyelement']);
    expect(signature('percentile_disc')).toEqual(['float8,anyelement->anyelement', 'float8[],anyelement->anyarray']);
    expect(signature('max')).toContain('anyarray->anyarray');
    expect(signature('max')).toContain('date->date');
    // Tally refuses array_agg of arrays (no multidimensional arrays), so it does not list it.
    expect(signature('array_agg')).toEqual(['anynonarray->anyarray']);
    expect(aggregates.find((fn) => fn.name === 'percentile_cont')?.directArguments).toBe(1);
  });

  it('lists the catalog functions as stable, and names no overload twice', () => {
    const listing = builtinFunctions();
    expect(listing.find((fn) => fn.name === 'pg_table_size')).toMatchObject({ parameters: ['int8'], result: 'int8', volatility: 's' });
    const keys = listing.map((fn) => `${fn.kind} ${fn.name}(${fn.parameters.join(',')})`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
