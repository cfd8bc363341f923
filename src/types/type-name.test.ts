import { describe, expect, it } from 'vitest';
import { resolveTypeName } from './type-name.js';

describe('resolveTypeName', () => {
  it('maps SQL spellings to data types', () => {
    const cases: [string, string][] = [
      ['int', 'int4'], ['INTEGER', 'int4'], ['smallint', 'int2'], ['bigint', 'int8'], ['real', 'float4'],
      ['float', 'float8'], ['double precision', 'float8'], ['DOUBLE  PRECISION', 'float8'], ['decimal', 'numeric'],
      ['character varying', 'varchar'], ['text', 'varchar'], ['string', 'varchar'], ['bool', 'boolean'],
      ['bytea', 'bytea'], ['time without time zone', 'time'], ['timestamp with time zone', 'timestamptz'],
      ['timestamptz', 'timestamptz'], ['interval', 'interval'], ['json', 'jsonb'], ['date', 'date'],
    ];
    for (const [name, type] of cases) expect(resolveTypeName(name, [], false).type, name).toBe(type);
    expect(resolveTypeName('int', [], true).type).toBe('int4[]');
  });

  it('keeps modifiers', () => {
    expect(resolveTypeName('numeric', [10, 2], false)).toEqual({ type: 'numeric', modifier: { precision: 10, scale: 2 } });
    expect(resolveTypeName('numeric', [10], false)).toEqual({ type: 'numeric', modifier: { precision: 10, scale: 0 } });
    expect(resolveTypeName('varchar', [32], false)).toEqual({ type: 'varchar', modifier: { length: 32 } });
    expect(resolveTypeName('float', [10], false).type).toBe('float4');
    expect(resolveTypeName('float', [30], false).type).toBe('float8');
    expect(resolveTypeName('timestamp', [3], false)).toEqual({ type: 'timestamp', modifier: { precision: 3 } });
  });

  it('rejects unknown names', () => {
    expect(() => resolveTypeName('widget', [], false)).toThrowError('type "widget" does not exist');
    expect(() => resolveTypeName('numeric', [0], false)).toThrowError('NUMERIC precision 0 must be between 1 and 1000');
  });
});
