import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Interval } from './interval.js';
import { PgOracle, outcome } from './pg-oracle.test-support.js';

const iv = (text: string, fields?: string): string => Interval.parse(text, fields).toString();

describe('Interval.parse and toString (PostgreSQL 15 outputs)', () => {
  it('reads the common spellings', () => {
    const cases: [string, string][] = [
      ['1 hour', '01:00:00'], ['1 HOUR', '01:00:00'], ['24 h', '24:00:00'], ['1 d', '1 day'],
      ['2 days 03:04:05', '2 days 03:04:05'], ['1 year 2 mons', '1 year 2 mons'], ['-1 day', '-1 days'],
      ['P1DT2H', '1 day 02:00:00'], ['00:05:00', '00:05:00'], ['-00:01:00', '-00:01:00'],
      ['1 day 00:00:01.5', '1 day 00:00:01.5'], ['-1 day +02:00:00', '-1 days +02:00:00'],
      ['1.5 years', '1 year 6 mons'], ['1.5 months', '1 mon 15 days'], ['1.5 days', '1 day 12:00:00'],
      ['5', '00:00:05'], ['1 12:00:00', '1 day 12:00:00'], ['1-2', '1 year 2 mons'], ['@ 1 hour ago', '-01:00:00'],
      ['1:30', '01:30:00'], ['1 week', '7 days'], ['2 weeks 1 day', '15 days'],
      ['1 millennium 2 centuries 3 decades', '1230 years'], ['100 microseconds', '00:00:00.0001'],
      ['1.5 ms', '00:00:00.0015'], ['1 h 30 m', '01:30:00'], ['-1 year -2 mons +3 days -04:05:06', '-1 years -2 mons +3 days -04:05:06'],
      ['10 seconds', '00:00:10'], ['1 minute', '00:01:00'], ['3 mons', '3 mons'], ['0', '00:00:00'],
      ['10s', '00:00:10'], ['1day', '1 day'], ['P1Y2M3DT4H5M6.5S', '1 year 2 mons 3 days 04:05:06.5'],
      ['PT0.5S', '00:00:00.5'], ['100:00:00', '100:00:00'],
    ];
    for (const [input, output] of cases) expect(iv(input), input).toBe(output);
  });

  it('applies SQL qualifiers', () => {
    expect(iv('2', 'hour')).toBe('02:00:00');
    expect(iv('1 day 02:03:04', 'hour to minute')).toBe('1 day 02:03:00');
    expect(iv('2 days 3 hours', 'day')).toBe('2 days');
    expect(iv('1 year 5 months 2 days', 'year')).toBe('1 year');
    expect(iv('3', 'day to second')).toBe('00:00:03');
    expect(iv('1:2', 'minute to second')).toBe('00:01:02');
    expect(iv('1 2', 'day to hour')).toBe('1 day 02:00:00');
    expect(iv('10.5', 'second')).toBe('00:00:10.5');
    expect(iv('2', 'DAY')).toBe('2 days');
    expect(iv('5', 'month')).toBe('5 mons');
  });

  it('rejects garbage', () => {
    for (const input of ['', 'abc', '1 fortnight', '1 hour hour', '::']) {
      expect(() => Interval.parse(input)).toThrowError(`invalid input syntax for type interval: "${input}"`);
    }
  });
});

describe('Interval arithmetic and ordering', () => {
  it('compares with 30-day months and 24-hour days', () => {
    expect(Interval.parse('24 h').compare(Interval.parse('1 d'))).toBe(0);
    expect(Interval.parse('1 mon').compare(Interval.parse('30 days'))).toBe(0);
    expect(Interval.parse('1 mon').compare(Interval.parse('31 days'))).toBe(-1);
    expect(Interval.parse('-1 day').compare(Interval.parse('-23 hours'))).toBe(-1);
    expect(Interval.parse('1 year').totalMicros()).toBe(360n * 86_400_000_000n);
  });

  it('multiplies and divides as interval_mul / interval_div', () => {
    expect(Interval.parse('1 mon').mul(1.5).toString()).toBe('1 mon 15 days');
    expect(Interval.parse('1 day').div(7).toString()).toBe('03:25:42.857143');
    expect(Interval.parse('1 mon').div(3).toString()).toBe('10 days');
    expect(Interval.parse('-1 mon 2 days 3:00').mul(-0.3).toString()).toBe('9 days -15:18:00');
    expect(() => Interval.parse('1 day').div(0)).toThrowError('division by zero');
  });

  it('adds, subtracts and negates field by field', () => {
    expect(Interval.parse('1 day').add(Interval.parse('25 hours')).toString()).toBe('1 day 25:00:00');
    expect(Interval.parse('1 mon').sub(Interval.parse('1 day')).toString()).toBe('1 mon -1 days');
    expect(Interval.parse('1 year 2 days 03:00').neg().toString()).toBe('-1 years -2 days -03:00:00');
  });

  it('gives EXTRACT(EPOCH) with 365.25-day years', () => {
    expect(Interval.parse('1 year 1 mon 1 day 1.5 sec').epochSeconds()).toBe(34236001.5);
    expect(Interval.parse('-1 mon').epochSeconds()).toBe(-2592000);
  });
});

describe('Interval against PostgreSQL (PGlite)', () => {
  let oracle: PgOracle;
  beforeAll(() => {
    oracle = new PgOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  const intervalArbitrary = fc
    .tuple(
      fc.integer({ min: -40, max: 40 }),
      fc.integer({ min: -70, max: 70 }),
      fc.bigInt({ min: -400_000_000_000n, max: 400_000_000_000n }),
    )
    .map(([months, days, micros]) => new Interval(months, days, micros));
  const factorArbitrary = fc.oneof(
    fc.integer({ min: -10, max: 10 }),
    fc.double({ min: -20, max: 20, noNaN: true }).map((value) => Math.round(value * 1000) / 1000),
  );
  const cases = fc.sample(fc.tuple(intervalArbitrary, factorArbitrary), { numRuns: 300, seed: 7 });

  it('text output, mul and div match', async () => {
    const inputs = cases.map(([interval, factor]) => [
      `${interval.months} mons ${interval.days} days ${interval.micros} microseconds`,
      String(factor),
    ]);
    const parsed = cases.map(([interval]) => interval.toString());
    expect(await oracle.evaluate('a::interval', inputs)).toEqual(parsed);
    const products = await oracle.evaluate('a::interval * b::float8', inputs);
    expect(cases.map(([interval, factor]) => outcome(() => interval.mul(factor).toString()))).toEqual(products);
    const quotients = await oracle.evaluate('a::interval / b::float8', inputs);
    expect(cases.map(([interval, factor]) => outcome(() => interval.div(factor).toString()))).toEqual(quotients);
  });

  it('ordering matches interval_cmp', async () => {
    const pairs = fc.sample(fc.tuple(intervalArbitrary, intervalArbitrary), { numRuns: 200, seed: 9 });
    const inputs = pairs.map(([a, b]) => [a.toString(), b.toString()]);
    const expected = await oracle.evaluate(
      'case when a::interval < b::interval then -1 when a::interval > b::interval then 1 else 0 end',
      inputs,
    );
    expect(pairs.map(([a, b]) => String(a.compare(b)))).toEqual(expected);
  });
});
