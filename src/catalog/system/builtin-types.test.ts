import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { resolveTypeName } from '../../types/type-name.js';
import { BUILTIN_TYPES, formatType, typeModifier, typeOid } from './builtin-types.js';
import { pgType } from './pg-type.js';
import { PSEUDO_TYPES } from './pseudo-types.js';
import { connectOracle, textRows } from './postgres-oracle.test-support.js';
import { systemContext } from './system-catalog.js';
import { Catalog } from '../catalog.js';

const oracle = await connectOracle();
if ('skip' in oracle) console.log(`skipping comparisons with PostgreSQL: ${oracle.skip}`);
const client: pg.Client | undefined = 'client' in oracle ? oracle.client : undefined;

afterAll(async () => {
  await client?.end();
});

describe('format_type and type modifiers', () => {
  it('names Tally types as PostgreSQL does', () => {
    expect(formatType(typeOid('int4'), -1)).toBe('integer');
    expect(formatType(typeOid('varchar[]'), null)).toBe('character varying[]');
    expect(formatType(typeOid('timestamptz'), 3)).toBe('timestamp(3) with time zone');
    expect(formatType(12345, -1)).toBe('???');
    expect(formatType(2276, null)).toBe('"any"');
    expect(formatType(2283, -1)).toBe('anyelement');
  });

  describe.skipIf(!client)('against PostgreSQL', () => {
    it('gives format_type(oid, typmod) for every built-in type, with and without modifiers', async () => {
      const modifiers: Readonly<Record<string, readonly number[]>> = {
        numeric: [((10 << 16) | 2) + 4, ((38 << 16) | (-3 & 0x7ff)) + 4, (5 << 16) + 4],
        varchar: [5, 14],
        bpchar: [5, 14],
        time: [0, 3, 6],
        timestamp: [0, 3, 6],
        timestamptz: [0, 3],
        interval: [(0x7fff << 16) | 2, (0x7fff << 16) | 6],
      };
      const pairs = [...BUILTIN_TYPES.flatMap((t) => [t.oid, t.arrayOid].flatMap((oid) => [null, -1, ...(modifiers[t.name] ?? [])].map((typmod) => [oid, typmod] as const))), [705, -1] as const, ...PSEUDO_TYPES.map((t) => [t.oid, null] as const), [0, -1] as const, [99999, null] as const];
      const expected = await textRows(
        client!,
        'SELECT format_type(o, m) FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS p(o, m, n) ORDER BY n',
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      expect(pairs.map(([oid, typmod]) => formatType(oid, typmod))).toEqual(expected.map((row) => row[0]));
    });

    it('encodes column type modifiers as atttypmod does', async () => {
      const declared = ['numeric(10,2)', 'numeric(5)', 'numeric', 'varchar(32)', 'varchar', 'timestamp(3)', 'timestamptz(0)', 'time(2)', 'interval(4)', 'interval', 'int8', 'varchar(7)[]'];
      const table = `typmod_probe_${process.pid}`;
      await client!.query(`CREATE TEMP TABLE ${table} (${declared.map((type, i) => `c${i} ${type}`).join(', ')})`);
      const expected = await textRows(client!, `SELECT atttypmod, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attnum > 0 ORDER BY attnum`);
      const actual = declared.map((text) => {
        const isArray = text.endsWith('[]');
        const match = /^([a-z0-9]+)(?:\(([\d,]+)\))?/.exec(text.replace('[]', ''))!;
        const { type, modifier } = resolveTypeName(match[1]!, match[2] ? match[2].split(',').map(Number) : [], isArray);
        const typmod = typeModifier(type, modifier);
        return [String(typmod), formatType(typeOid(type), typmod)];
      });
      expect(actual).toEqual(expected);
    });

    it('has pg_type rows that agree with PostgreSQL for every type it lists', async () => {
      const compared = ['oid', 'typname', 'typlen', 'typbyval', 'typtype', 'typcategory', 'typispreferred', 'typdelim', 'typelem', 'typarray', 'typinput', 'typoutput', 'typreceive', 'typsend', 'typmodin', 'typmodout', 'typalign', 'typstorage', 'typcollation', 'typsubscript'];
      const rows = pgType.rows(systemContext(new Catalog(), { user: 'root', database: 'dev' }));
      const indexes = compared.map((name) => pgType.columns.findIndex((c) => c.name === name));
      const ours = rows.map((row) => indexes.map((i) => (typeof row[i] === 'boolean' ? (row[i] ? 't' : 'f') : String(row[i])))).sort((a, b) => Number(a[0]) - Number(b[0]));
      const theirs = await textRows(client!, `SELECT ${compared.join(', ')} FROM pg_type WHERE oid = ANY($1::oid[]) ORDER BY oid`, [ours.map((r) => r[0])]);
      expect(ours).toEqual(theirs);
    });
  });
});

