// Differential check against PostgreSQL (PGlite): the same inputs are syntax errors, with the same message
// and position, and the others parse in both.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { parseScript } from './parse-script.js';

/**
 * Inputs whose verdict does not depend on the PostgreSQL version (15 to 18). Left out for that reason:
 * `(select 1 limit 1) limit 2` (PostgreSQL 15 points at the limit's value, 18 at LIMIT; Tally does as 15)
 * and numbers like `0x1f` and `1_000` (accepted from 16 on; Tally rejects them as 15 does).
 */
const INPUTS = [
  // valid
  'select a + b * c from t',
  'select not a = b, a or b and c, x::int + 1, -2 ^ 2 from t',
  'select 1 is null is null',
  'select 1 in (1) in (true)',
  'select x is not null isnull from t',
  'select 1 between 0 and 2 = true',
  'select true = not false',
  'select 1 desc',
  'select 1 not',
  'select - -2, 2 *-1, 2 ^ 3 ^ 2',
  "select 'a'\n 'b'",
  "select e'\\x41\\101\\u0041'",
  "select interval '1' day to second, interval(3) '1.2345 s', interval '2' hour",
  "select timestamp(3) '2020-01-01 00:00:00.1234', numeric(10,2) '1.234', double precision '1', int '5'",
  "select timestamp with time zone '2020-01-01', time '10:00', date '2020-01-01'",
  'select x.* from (select 1 x) x',
  'select (array[1,2])[1]',
  "select '{1,2}'::int[] [1]",
  'values (1) order by 1 limit 1',
  'select 1 limit all',
  'select 1.e5, .5e-3, 1e+3',
  'select timestamp, time, interval, real, dec, day, int from kw',
  "select left('abc', 2), right('abc', 1)",
  'select ~ 1 + 2, |/ 4, @ -5',
  "select now() at time zone 'utc'",
  'select 1 from (select 1) as t(x) join (select 2) s on true',
  'select a from t1 natural join t2 cross join t3 left outer join t4 using (a) full join t5 on true',
  'select * from t t1, t t2, t t3 where t1.a = t2.b',
  'select * from ((select 1) union (select 2)) s',
  'select * from (t1 join t2 on true)',
  'select ((select 1) union select 2)',
  'select count(*) filter (where x > 0), string_agg(x, \',\' order by y) from t',
  'select percentile_cont(0.5) within group (order by a) from t',
  'select row_number() over (partition by a order by b rows between unbounded preceding and current row) from t',
  'select sum(x) over w from t window w as (partition by y)',
  'select a, b from t group by grouping sets ((a, b), (a), ()), rollup (a, (a, b)), cube (a, b)',
  'select a from t group by ()',
  'with dict(abbr, real) as (values (1, 2)) select * from dict',
  'select distinct on (k) k + v as sum from t1 order by k, v',
  'select 1 union all select 2 except select 3 intersect select 4',
  'select * from t order by 1 offset 2 rows fetch first 3 rows only',
  'select case when a then 1 else 2 end, cast(x as numeric(10,2)), x::varchar from t',
  "select extract(epoch from (a - b)), position('a' in s), substring(s from 2 for 3), trim(both 'x' from s) from t",
  "select overlay('abc' placing 'x' from 2 for 1), coalesce(a, b), nullif(a, 0), greatest(1, 2), least(1, 2) from t",
  'select array[[1, 2], [3, 4]], row(1, 2), (1, 2), $1',
  'select x = any (array[1, 2]), x > all (select 1), exists (select 1), not exists (select 1) from t',
  "select x is not distinct from y, x is not true, x is unknown, x not ilike 'a' escape '!' from t",
  'select current_date, current_timestamp, current_timestamp(3), localtimestamp, current_user, session_user',
  'select "Mixed Case", u&"\\0041" from t',
  'insert into t (a, b) select 1, 2 returning a',
  'update t1 set v1 = v1 + 1 where v1 = 2 returning v1',
  'delete from t as x where x.a = 1',
  'create table t (a int primary key, b varchar not null default \'x\', c numeric(10,2), d int[], primary key (a))',
  'create view v (a) as select 1',
  'drop table if exists a, b cascade',
  'set x to y',
  'set time zone \'UTC\'',
  'show search_path',
  'select 1;; select 2',
  // syntax errors
  'select * form t',
  'select (1',
  "select 'abc",
  'select "abc',
  'select 1 /* abc',
  'select $$abc',
  'select ""',
  'select cast(1 as)',
  'select 1 x y',
  'select 1 < 2 < 3',
  'select 1 < 2 = true',
  'select 1 = 1 is distinct from true is null',
  'select 2 between 1 and 3 between false and true',
  "select 'abc' like 'a%' like true",
  'select array[1,2][1]',
  'select 1 day',
  "select 'a' 'b'",
  'select 123abc',
  'select $1abc',
  'select 1e',
  'select 1.2.3',
  'select left from t',
  'select * from (values (1)) t limit 1,2',
  'select 1 from t where',
  'create table t (a int,)',
  'insert into t values (1, 2',
  'select a from t where a = = 1',
  'drop materialized table t',
  'select 1 as',
  'select count(*) filter (where) from t',
  'select x from t1 join t2',
  'select * from t limit 1 limit 2',
  '(select 1 order by 1) order by 1',
  'with a as (select 1) (with b as (select 2) select 1)',
  'select * from left',
  'select is',
  'select x from t where left = 1',
  'select now()[1]',
  'select * from t order by',
  'select a b c from t',
  'select (select 1',
  "select interval '1' hour to day",
  'select 1 +',
  'select f(,)',
  'update t set where a = 1',
];

interface Verdict {
  readonly syntaxError?: string;
  readonly position?: number;
}

function ourVerdict(sql: string): Verdict {
  try {
    parseScript(sql);
    return {};
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    if (error.condition !== 'syntax_error') return {};
    // PostgreSQL's positions are 1-based.
    return { syntaxError: error.message, position: (error.position ?? 0) + 1 };
  }
}

describe('agreement with PostgreSQL on syntax', () => {
  let pg: PGlite;

  beforeAll(async () => {
    pg = new PGlite();
    await pg.query('select 1');
  }, 120_000);

  afterAll(async () => {
    await pg.close();
  });

  async function postgresVerdict(sql: string): Promise<Verdict> {
    try {
      await pg.exec(sql);
      return {};
    } catch (error) {
      const { code, message, position } = error as { code?: string; message: string; position?: string };
      // Errors other than syntax errors (unknown tables, types) come after parsing succeeded.
      if (code !== '42601') return {};
      return { syntaxError: message, position: position === undefined ? undefined : Number(position) };
    }
  }

  it('gives the same verdict, message and position', async () => {
    const disagreements: string[] = [];
    for (const sql of INPUTS) {
      const expected = await postgresVerdict(sql);
      const actual = ourVerdict(sql);
      if (JSON.stringify(expected) !== JSON.stringify(actual)) {
        disagreements.push(`${sql}\n  postgres: ${JSON.stringify(expected)}\n  tally:    ${JSON.stringify(actual)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
