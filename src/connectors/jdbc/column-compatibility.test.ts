// Tests of which target columns can take which sink columns' values.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { DataType, TypeModifier } from '../../types/data-type.js';
import { columnFits, sinkTypeName } from './column-compatibility.js';
import type { TargetColumn, TargetKind } from './target-table.js';

const sink = (type: DataType, modifier?: TypeModifier): ColumnInfo => (modifier ? { name: 'c', type, modifier } : { name: 'c', type });
const target = (kind: TargetKind, extra: Partial<TargetColumn> = {}): TargetColumn => ({
  name: 'c', kind, typeName: kind, castType: kind, nullable: true, hasDefault: false, generated: false, ...extra,
});

describe('columnFits', () => {
  it('takes integers into integers at least as wide, exact numerics and wide enough floats', () => {
    expect(columnFits(sink('int8'), target('integer', { bytes: 8, unsigned: true }))).toBe(true);
    expect(columnFits(sink('int8'), target('integer', { bytes: 4 }))).toBe(false);
    expect(columnFits(sink('int4'), target('integer', { bytes: 3 }))).toBe(false);
    expect(columnFits(sink('int4'), target('numeric', { precision: 10, scale: 0 }))).toBe(true);
    expect(columnFits(sink('int4'), target('numeric', { precision: 10, scale: 2 }))).toBe(false);
    expect(columnFits(sink('int4'), target('float', { bytes: 8 }))).toBe(true);
    expect(columnFits(sink('int8'), target('float', { bytes: 8 }))).toBe(false);
    expect(columnFits(sink('int4'), target('text'))).toBe(true);
    expect(columnFits(sink('int4'), target('date'))).toBe(false);
  });

  it('takes numeric(p,s) where p - s integer digits and s decimals fit; an unconstrained numeric anywhere numeric', () => {
    const money = sink('numeric', { precision: 20, scale: 2 });
    expect(columnFits(money, target('numeric', { precision: 20, scale: 2 }))).toBe(true);
    expect(columnFits(money, target('numeric', { precision: 22, scale: 4 }))).toBe(true);
    expect(columnFits(money, target('numeric', { precision: 19, scale: 2 }))).toBe(false);
    expect(columnFits(money, target('numeric', { precision: 20, scale: 0 }))).toBe(false);
    expect(columnFits(money, target('numeric'))).toBe(true);
    expect(columnFits(sink('numeric'), target('numeric', { precision: 18, scale: 2 }))).toBe(true);
    expect(columnFits(money, target('integer', { bytes: 8 }))).toBe(false);
    expect(columnFits(sink('numeric', { precision: 9, scale: 0 }), target('integer', { bytes: 4 }))).toBe(true);
    expect(columnFits(sink('numeric', { precision: 10, scale: 0 }), target('integer', { bytes: 4 }))).toBe(false);
    expect(columnFits(money, target('float', { bytes: 8 }))).toBe(true);
  });

  it('takes text into text at least as long, times into times, booleans into booleans or a tinyint', () => {
    expect(columnFits(sink('varchar', { length: 32 }), target('text', { length: 32 }))).toBe(true);
    expect(columnFits(sink('varchar', { length: 33 }), target('text', { length: 32 }))).toBe(false);
    expect(columnFits(sink('varchar'), target('text', { length: 32 }))).toBe(true);
    expect(columnFits(sink('varchar'), target('textual'))).toBe(true);
    expect(columnFits(sink('varchar'), target('integer', { bytes: 8 }))).toBe(false);
    expect(columnFits(sink('timestamptz'), target('timestamp'))).toBe(true);
    expect(columnFits(sink('date'), target('timestamptz'))).toBe(true);
    expect(columnFits(sink('timestamp'), target('date'))).toBe(false);
    expect(columnFits(sink('boolean'), target('integer', { bytes: 1 }))).toBe(true);
    expect(columnFits(sink('boolean'), target('integer', { bytes: 2 }))).toBe(false);
    expect(columnFits(sink('float8'), target('float', { bytes: 4 }))).toBe(false);
    expect(columnFits(sink('jsonb'), target('json'))).toBe(true);
    expect(columnFits(sink('bytea'), target('text'))).toBe(false);
  });

  it('takes arrays into arrays of a fitting element, or text', () => {
    expect(columnFits(sink('int4[]'), target('array', { element: 'integer', bytes: undefined }))).toBe(true);
    expect(columnFits(sink('int4[]'), target('array', { element: 'date' }))).toBe(false);
    expect(columnFits(sink('varchar[]'), target('text'))).toBe(true);
    expect(columnFits(sink('int4'), target('array', { element: 'integer' }))).toBe(false);
  });
});

describe('sinkTypeName', () => {
  it('shows the type as PostgreSQL does, with its modifier', () => {
    expect(sinkTypeName('numeric', { precision: 20, scale: 2 })).toBe('numeric(20,2)');
    expect(sinkTypeName('varchar', { length: 8 })).toBe('character varying(8)');
    expect(sinkTypeName('int8')).toBe('bigint');
  });
});
