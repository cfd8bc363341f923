import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Catalog } from '../catalog.js';
import { FUNCTION_INFO_FUNCTIONS } from './function-info.js';
import { argumentsText, pgProc, procedureByOid, proceduresOf, resultText, type BuiltinFunction } from './pg-proc.js';
import { connectOracle, textRows } from './postgres-oracle.test-support.js';
import { systemContext } from './system-catalog.js';
import type { SystemContext } from './system-relation.js';

const oracle = await connectOracle();
if ('skip' in oracle) console.log(`skipping comparisons with PostgreSQL: ${oracle.skip}`);
const client: pg.Client | undefined = 'client' in oracle ? oracle.client : undefined;

afterAll(async () => {
  await client?.end();
});

const scalar = (name: string, parameters: BuiltinFunction['parameters'], result: BuiltinFunction['result'], variadic = false): BuiltinFunction => ({
  name, kind: 'f', parameters, result, variadic, strict: true, volatility: 'i',
});
const aggregate = (name: string, parameters: BuiltinFunction['parameters'], result: BuiltinFunction['result'], directArguments?: number): BuiltinFunction => ({
  name, kind: 'a', parameters, result, variadic: false, strict: false, volatility: 'i', ...(directArguments === undefined ? {} : { directArguments }),
});

/** Signatures Tally and PostgreSQL share, each with the regprocedure that names PostgreSQL's. */
const SHARED: readonly (readonly [BuiltinFunction, string])[] = [
  [scalar('round', ['numeric', 'int4'], 'numeric'), 'round(numeric, integer)'],
  [scalar('now', [], 'timestamptz'), 'now()'],
  [scalar('concat', ['any'], 'varchar', true), 'concat("any")'],
  [scalar('array_append', ['anycompatiblearray', 'anycompatible'], 'anycompatiblearray'), 'array_append(anycompatiblearray, anycompatible)'],
  [scalar('array_length', ['anyarray', 'int4'], 'int4'), 'array_length(anyarray, integer)'],
  [scalar('date_trunc', ['varchar', 'timestamptz', 'varchar'], 'timestamptz'), 'date_trunc(text, timestamp with time zone, text)'],
  [scalar('num_nulls', ['any'], 'int4', true), 'num_nulls("any")'],
  [aggregate('count', [], 'int8'), 'count()'],
  [aggregate('count', ['any'], 'int8'), 'count("any")'],
  [aggregate('array_agg', ['anynonarray'], 'anyarray'), 'array_agg(anynonarray)'],
  [aggregate('mode', ['anyelement'], 'anyelement', 0), 'mode(anyelement)'],
  [aggregate('percentile_cont', ['float8[]', 'interval'], 'interval[]', 1), 'percentile_cont(double precision[], interval)'],
];

function context(functions: readonly BuiltinFunction[]): SystemContext {
  return { ...systemContext(new Catalog(), { user: 'root', database: 'dev' }), functions };
}

const info = (ctx: SystemContext, name: string, oid: bigint) => FUNCTION_INFO_FUNCTIONS.find((f) => f.name === name)!.impl(ctx)(oid);

describe('pg_proc', () => {
  it('describes arguments and results in SQL type names, with VARIADIC and ORDER BY where they apply', () => {
    expect(argumentsText(scalar('jsonb_extract_path', ['jsonb', 'varchar'], 'jsonb', true))).toBe('jsonb, VARIADIC character varying[]');
    expect(argumentsText(scalar('greatest', ['anycompatible'], 'anycompatible', true))).toBe('VARIADIC anycompatiblearray');
    expect(argumentsText(aggregate('percentile_disc', ['float8', 'anyelement'], 'anyelement', 1))).toBe('double precision ORDER BY anyelement');
    expect(resultText(scalar('lower', ['varchar'], 'varchar'))).toBe('character varying');
  });

  it('numbers functions in the order given and answers the function information functions by OID', () => {
    const ctx = context(SHARED.map(([fn]) => fn));
    const procedures = proceduresOf(ctx);
    expect(procedures.map((p) => p.oid)).toEqual(SHARED.map((_, index) => 8000 + index));
    expect(procedureByOid(ctx, 8002)?.name).toBe('concat');
    expect(procedureByOid(ctx, 7999)).toBeUndefined();
    expect([info(ctx, 'pg_get_function_arguments', 8002n), info(ctx, 'pg_get_function_result', 8002n), info(ctx, 'pg_function_is_visible', 8002n)]).toEqual(['VARIADIC "any"', 'character varying', true]);
    expect([info(ctx, 'pg_get_function_arguments', 1n), info(ctx, 'pg_function_is_visible', 1n)]).toEqual([null, null]);
    expect(pgProc.rows(context([]))).toEqual([]);
  });

  it('declares a variadic parameter as the array it collects, with the element type in provariadic', () => {
    const ctx = context([scalar('jsonb_extract_path', ['jsonb', 'varchar'], 'jsonb', true), scalar('concat', ['any'], 'varchar', true)]);
    const columns = ['proname', 'pronargs', 'proargtypes', 'provariadic', 'prorettype', 'prokind', 'prolang'].map((name) => pgProc.columns.findIndex((c) => c.name === name));
    expect(pgProc.rows(ctx).map((row) => columns.map((i) => row[i]))).toEqual([
      ['jsonb_extract_path', 2, [3802, 1015], 1043, 3802, 'f', 12],
      ['concat', 1, [2276], 2276, 1043, 'f', 12],
    ]);
  });

  it.skipIf(!client)('describes shared signatures as pg_get_function_arguments and pg_get_function_result do in PostgreSQL', async () => {
    const expected = await textRows(
      client!,
      'SELECT pg_get_function_arguments(p::regprocedure), pg_get_function_result(p::regprocedure) FROM unnest($1::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n',
      [SHARED.map(([, signature]) => signature)],
    );
    // Tally's text is varchar: its results and parameters say "character varying" where PostgreSQL's say "text".
    const asPostgres = (text: string) => text.replaceAll('character varying', 'text');
    expect(SHARED.map(([fn]) => [asPostgres(argumentsText(fn)), asPostgres(resultText(fn))])).toEqual(expected);
  });
});
