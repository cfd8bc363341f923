import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog.js';
import { objectIdentifierInput, parseOid } from './object-identifier-types.js';
import { systemContext } from './system-catalog.js';
import { regclassOf, splitQualifiedName, SYSTEM_FUNCTIONS } from './system-functions.js';

function context() {
  const catalog = new Catalog();
  catalog.add({ kind: 'table', name: 'Mixed Case', columns: [], definition: '', dependsOn: [], primaryKey: [], hasUserPrimaryKey: false, appendOnly: false, options: new Map() });
  catalog.add({ kind: 'table', name: 'orders', columns: [], definition: '', dependsOn: [], primaryKey: [], hasUserPrimaryKey: false, appendOnly: false, options: new Map() });
  return systemContext(catalog, { user: 'root', database: 'dev' });
}

const call = (name: string, ...args: Parameters<ReturnType<(typeof SYSTEM_FUNCTIONS)[number]['impl']>>) => {
  const fn = SYSTEM_FUNCTIONS.find((f) => f.name === name && f.params.length === args.length)!;
  return fn.impl(context())(...args);
};

describe('catalog functions', () => {
  it('split qualified names as PostgreSQL reads them: unquoted parts fold to lower case', () => {
    expect(splitQualifiedName('Public.Orders')).toEqual(['public', 'orders']);
    expect(splitQualifiedName('"Mixed Case"')).toEqual(['Mixed Case']);
    expect(splitQualifiedName('public."a.b"""')).toEqual(['public', 'a.b"']);
  });

  it('look relations up by name with pg_catalog searched first, then public', () => {
    const ctx = context();
    expect(regclassOf(ctx, 'orders', true)).toBe(16385);
    expect(regclassOf(ctx, '"Mixed Case"', true)).toBe(16384);
    expect(regclassOf(ctx, 'Mixed Case', false)).toBeNull();
    expect(regclassOf(ctx, 'pg_catalog.pg_type', true)).toBe(1247);
    expect(regclassOf(ctx, 'information_schema.tables', true)).toBe(13425);
    expect(regclassOf(ctx, 'tables', false)).toBeNull();
    expect(() => regclassOf(ctx, 'nope', true)).toThrow('relation "nope" does not exist');
  });

  it('read OIDs as numbers within Tally’s 32-bit signed range', () => {
    expect(parseOid(' 42 ', 'oid')).toBe(42);
    expect(() => parseOid('4294967296', 'oid')).toThrow('value "4294967296" is out of range for type oid');
    expect(() => parseOid('3000000000', 'oid')).toThrow('OID 3000000000 is out of range');
    expect(() => parseOid('12a', 'regclass')).toThrow('invalid input syntax for type regclass: "12a"');
    const regtype = objectIdentifierInput('regtype', context(), () => false);
    expect(['int4', 'integer', 'character varying', 'varchar[]', '_text', 'double precision', 'timestamp with time zone'].map(regtype)).toEqual([23, 23, 1043, 1015, 1009, 701, 1184]);
  });

  it('answer format_type, pg_get_userbyid and pg_encoding_to_char', () => {
    expect(call('format_type', 1043n, 36)).toBe('character varying(32)');
    expect(call('format_type', 1043n, null)).toBe('character varying');
    expect(call('pg_get_userbyid', 10n)).toBe('root');
    expect(call('pg_encoding_to_char', 6)).toBe('UTF8');
    expect(call('pg_encoding_to_char', 99)).toBe('');
  });
});
