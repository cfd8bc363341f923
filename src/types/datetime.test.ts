import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addInterval,
  dateTrunc,
  dateTruncInterval,
  datePart,
  extractField,
  formatDate,
  formatTime,
  formatTimestamp,
  formatTimestamptz,
  parseDate,
  parseTime,
  parseTimestamp,
  parseTimestamptz,
  subtractTimestamps,
  toChar,
} from './datetime.js';
import { parseUtcSpan } from './datetime-parse.js';
import { Interval } from './interval.js';
import { PgOracle, outcome } from './pg-oracle.test-support.js';

const ts = (text: string): bigint => parseTimestamp(text);

describe('datetime input and output (PostgreSQL 15 outputs)', () => {
  it('reads and prints timestamps', () => {
    const cases: [string, string][] = [
      ['2002-02-02 02:00:00', '2002-02-02 02:00:00'], ['2002-02-02T02:00:00', '2002-02-02 02:00:00'],
      ['2002-02-02', '2002-02-02 00:00:00'], ['2002-02-02 02:00:00.123', '2002-02-02 02:00:00.123'],
      ['2021-03-25 12:03:00.1234567', '2021-03-25 12:03:00.123457'], ['epoch', '1970-01-01 00:00:00'],
      ['2021-03-25 12:03:00 +8', '2021-03-25 12:03:00'], ['infinity', 'infinity'], ['-infinity', '-infinity'],
      ['January 8, 1999 04:05', '1999-01-08 04:05:00'], ['0001-01-01 00:00:00 BC', '0001-01-01 00:00:00 BC'],
      ['2021-03-25 24:00:00', '2021-03-26 00:00:00'], ['  2021-03-25 12:00  ', '2021-03-25 12:00:00'],
      ['2019-12-01 00:00:00 UTC', '2019-12-01 00:00:00'], ['20000-01-01', '20000-01-01 00:00:00'],
      ['1999-01-08 04:05:06 PM', '1999-01-08 16:05:06'], ['2021-03-25T12:03:00Z', '2021-03-25 12:03:00'],
    ];
    for (const [input, output] of cases) expect(formatTimestamp(ts(input)), input).toBe(output);
  });

  it('reads timestamptz zones and prints in UTC', () => {
    const cases: [string, string][] = [
      ['2021-03-25 12:03:00 PST', '2021-03-25 20:03:00+00'], ['2021-03-25T12:03:00.5-07', '2021-03-25 19:03:00.5+00'],
      ['2021-03-25 12:03:00+0530', '2021-03-25 06:33:00+00'], ['2021-03-25 12:03:00+05:30:15', '2021-03-25 06:32:45+00'],
      ['2021-03-25 12:03:00 +8', '2021-03-25 04:03:00+00'], ['2021-03-25 12:03:00 Z', '2021-03-25 12:03:00+00'],
      ['2019-12-01 00:00:00 UTC', '2019-12-01 00:00:00+00'], ['1999-01-08 04:05:06 -8:00', '1999-01-08 12:05:06+00'],
      ['2021-03-14 02:30 America/New_York', '2021-03-14 07:30:00+00'],
      ['2021-11-07 01:30 America/New_York', '2021-11-07 06:30:00+00'],
      ['2021-03-25T12:03:00Z', '2021-03-25 12:03:00+00'], ['2021-03-25 12:00 Europe/Paris', '2021-03-25 11:00:00+00'],
      ['2021-03-25 12:03', '2021-03-25 12:03:00+00'], ['0001-12-31 23:59:59 BC', '0001-12-31 23:59:59+00 BC'],
    ];
    for (const [input, output] of cases) expect(formatTimestamptz(parseTimestamptz(input)), input).toBe(output);
  });

  it('reads UTC spans of a longer text as timestamptz and timestamp input read them, or leaves them alone', () => {
    const accepted = [
      '2026-11-20T00:00:40.184Z', '2021-03-25T12:03:00Z', '2000-02-29T23:59:59.999999Z', '1970-01-01T00:00:00.1Z',
      '1685-01-01T00:00:00Z', '2250-12-31T23:59:59.5Z',
      // Every number of fraction digits; hour prefixes that differ from the one before in their first or last character.
      '2026-11-20T00:00:40.18Z', '2026-11-20T00:00:40.1845Z', '2026-11-20T00:00:40.18456Z', '2026-11-20T01:00:40.184Z',
      '1926-11-20T01:00:40.184Z',
    ];
    for (const input of accepted) {
      const text = `"${input}",`;
      const micros = parseUtcSpan(text, 1, text.length - 2);
      expect(micros, input).toBeDefined();
      expect(BigInt(micros!), input).toBe(parseTimestamptz(input));
      expect(BigInt(micros!), input).toBe(parseTimestamp(input));
    }
    const declined = [
      '2021-03-25 12:03:00Z', '2021-03-25T12:03:00', '2021-03-25T12:03:00.Z', '2021-03-25T12:03:00.1234567Z',
      '2021-02-29T12:03:00Z', '2021-03-25T24:00:00Z', '2021-03-25T12:60:00Z', '2021-03-25T12:03:60Z', '2021-13-01T00:00:00Z',
      '2021-03-25T12:03:00+00', '2021-03-25T1a:03:00Z', '2021-03-25T12:03:00.1a3Z', '0000-01-01T00:00:00Z', '9999-01-01T00:00:00Z',
      '2021-03-25T12:03:00z', '2021-03-25T12:0a:00Z', '2021-03-25T12-03:00Z',
    ];
    for (const input of declined) {
      // After a text of the same hour too: its remembered hour must not let a malformed rest through.
      expect(parseUtcSpan('2021-03-25T12:03:00Z', 0, 20)).toBeDefined();
      expect(parseUtcSpan(`"${input}"`, 1, input.length + 1), input).toBeUndefined();
    }
  });

  it('prints timestamptz in a session zone', () => {
    const zone = 'America/New_York';
    expect(formatTimestamptz(parseTimestamptz('2021-11-07 01:30', zone), zone)).toBe('2021-11-07 01:30:00-05');
    expect(formatTimestamptz(parseTimestamptz('1850-01-01', zone), zone)).toBe('1850-01-01 00:00:00-04:56:02');
    expect(formatTimestamptz(parseTimestamptz('2021-06-01 12:00+00'), 'Asia/Kolkata')).toBe('2021-06-01 17:30:00+05:30');
  });

  it('reads and prints dates and times', () => {
    const dates: [string, string][] = [
      ['2002-02-02', '2002-02-02'], ['0001-01-01 BC', '0001-01-01 BC'], ['January 8, 1999', '1999-01-08'],
      ['1/8/1999', '1999-01-08'], ['19990108', '1999-01-08'], ['1999-Jan-08', '1999-01-08'], ['08-Jan-1999', '1999-01-08'],
      ['epoch', '1970-01-01'], ['-infinity', '-infinity'], ['2021-03-25 12:00:00', '2021-03-25'], ['1/8/99', '1999-01-08'],
    ];
    for (const [input, output] of dates) expect(formatDate(parseDate(input)), input).toBe(output);
    const times: [string, string][] = [
      ['02:00:00', '02:00:00'], ['20:34:09.5', '20:34:09.5'], ['2:00 pm', '14:00:00'], ['allballs', '00:00:00'],
      ['24:00:00', '24:00:00'], ['04:05:06 PST', '04:05:06'], ['2003-04-12 04:05:06', '04:05:06'], ['12:00 am', '00:00:00'],
    ];
    for (const [input, output] of times) expect(formatTime(parseTime(input)), input).toBe(output);
  });

  it('reports PostgreSQL errors', () => {
    expect(() => parseDate('2021-02-30')).toThrowError('date/time field value out of range: "2021-02-30"');
    expect(() => parseDate('hello')).toThrowError('invalid input syntax for type date: "hello"');
    expect(() => parseTimestamp('2021-03-25 25:00')).toThrowError('date/time field value out of range: "2021-03-25 25:00"');
    expect(() => parseTimestamp('nope')).toThrowError('invalid input syntax for type timestamp: "nope"');
    expect(() => parseTimestamptz('2021-03-25 12:00 Foo/Bar')).toThrowError('time zone "foo/bar" not recognized');
    expect(() => parseTimestamptz('2021-03-25 12:00 hello')).toThrowError('invalid input syntax for type timestamp with time zone: "2021-03-25 12:00 hello"');
    expect(() => parseTime('12:61')).toThrowError('date/time field value out of range: "12:61"');
  });
});

describe('datetime arithmetic, date_trunc, EXTRACT, to_char (PostgreSQL 15 outputs)', () => {
  it('adds intervals with calendar months and zone-aware days', () => {
    const add = (t: string, i: string, zone?: string): string =>
      zone === undefined
        ? formatTimestamp(addInterval(ts(t), Interval.parse(i)))
        : formatTimestamptz(addInterval(parseTimestamptz(t, zone), Interval.parse(i), zone), zone);
    expect(add('2021-01-31 10:00', '1 mon')).toBe('2021-02-28 10:00:00');
    expect(add('2020-01-31', '1 mon')).toBe('2020-02-29 00:00:00');
    expect(add('2021-03-31', '-1 mon 1 day')).toBe('2021-03-01 00:00:00');
    expect(add('2021-03-25 12:00', '1 year 2 mons 3 days 04:05:06.5')).toBe('2022-05-28 16:05:06.5');
    expect(add('2021-03-13 12:00', '1 day', 'America/New_York')).toBe('2021-03-14 12:00:00-04');
    expect(add('2021-03-13 12:00', '24 hours', 'America/New_York')).toBe('2021-03-14 13:00:00-04');
    expect(subtractTimestamps(ts('2021-03-25 12:00'), ts('2021-03-20 06:30')).toString()).toBe('5 days 05:30:00');
    expect(subtractTimestamps(ts('2021-03-20'), ts('2021-03-25 12:00')).toString()).toBe('-5 days -12:00:00');
  });

  it('truncates', () => {
    const trunc = (field: string, t: string): string => formatTimestamp(dateTrunc(field, ts(t)));
    expect(trunc('millennium', '2021-05-05')).toBe('2001-01-01 00:00:00');
    expect(trunc('century', '0050-01-01 BC')).toBe('0100-01-01 00:00:00 BC');
    expect(trunc('decade', '0005-01-01 BC')).toBe('0011-01-01 00:00:00 BC');
    expect(trunc('week', '2021-03-25 12:00')).toBe('2021-03-22 00:00:00');
    expect(trunc('quarter', '2021-08-25 12:00')).toBe('2021-07-01 00:00:00');
    expect(trunc('milliseconds', '2021-03-25 12:00:00.123456')).toBe('2021-03-25 12:00:00.123');
    expect(trunc('HOUR', '2021-03-25 12:34:56')).toBe('2021-03-25 12:00:00');
    expect(formatTimestamptz(dateTrunc('day', parseTimestamptz('2021-03-14 12:00', 'America/New_York'), 'America/New_York'), 'America/New_York')).toBe('2021-03-14 00:00:00-05');
    expect(() => dateTrunc('dow', ts('2021-01-01'))).toThrowError('unit "dow" not recognized for type timestamp without time zone');
  });

  it('truncates to fixed-length units by flooring, in any order of calls, before 1970 and beyond 2^53 µs (property)', () => {
    const widths: Record<string, bigint> = { microseconds: 1n, milliseconds: 1000n, second: 1_000_000n, minute: 60_000_000n, hour: 3_600_000_000n, day: 86_400_000_000n };
    const time = fc.oneof(
      fc.bigInt({ min: -(2n ** 55n), max: 2n ** 55n }),
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) - 1n, -1n, 0n),
    );
    const call = fc.tuple(fc.constantFrom(...Object.keys(widths)), time, fc.constantFrom(undefined, 'UTC'));
    fc.assert(
      fc.property(fc.array(call, { maxLength: 12 }), (calls) => {
        for (const [field, t, zone] of calls) {
          const width = widths[field]!;
          const floor = t - (((t % width) + width) % width);
          expect(dateTrunc(field, t, zone)).toBe(floor);
        }
      }),
    );
    expect(dateTruncInterval('hour', Interval.parse('1 year 2 mons 3 days 04:05:06')).toString()).toBe('1 year 2 mons 3 days 04:00:00');
    expect(dateTruncInterval('year', Interval.parse('1 year 2 mons 3 days 04:05:06')).toString()).toBe('1 year');
    expect(dateTruncInterval('decade', Interval.parse('15 years')).toString()).toBe('10 years');
    expect(dateTruncInterval('quarter', Interval.parse('5 mons 3 days')).toString()).toBe('3 mons');
  });

  it('extracts with PostgreSQL 15 numeric scales', () => {
    const x = (field: string, t: string): string => extractField(field, 'timestamp', ts(t))!.toString();
    expect(x('epoch', '2021-03-25 12:03:00.5')).toBe('1616673780.500000');
    expect(x('second', '2021-03-25 12:03:07.5')).toBe('7.500000');
    expect(x('milliseconds', '2021-03-25 12:03:07.5')).toBe('7500.000');
    expect(x('microseconds', '2021-03-25 12:03:07.5')).toBe('7500000');
    expect(x('julian', '2021-03-25 12:00:00')).toBe('2459299.50000000000000000000');
    expect(x('century', '2000-12-31')).toBe('20');
    expect(x('week', '2021-03-25')).toBe('12');
    expect(extractField('dow', 'date', parseDate('2021-03-25'))!.toString()).toBe('4');
    expect(extractField('epoch', 'date', parseDate('2021-03-25'))!.toString()).toBe('1616630400');
    expect(extractField('week', 'date', parseDate('2021-01-01'))!.toString()).toBe('53');
    expect(extractField('isoyear', 'date', parseDate('2021-01-01'))!.toString()).toBe('2020');
    expect(extractField('year', 'date', parseDate('0001-01-01 BC'))!.toString()).toBe('-1');
    expect(extractField('isoyear', 'date', parseDate('0001-01-01 BC'))!.toString()).toBe('-2');
    expect(extractField('epoch', 'time', parseTime('01:00:00.5'))!.toString()).toBe('3600.500000');
    expect(extractField('second', 'interval', Interval.parse('1 day 00:00:07.25'))!.toString()).toBe('7.250000');
    expect(extractField('hour', 'interval', Interval.parse('-25 hours'))!.toString()).toBe('-25');
    expect(extractField('quarter', 'interval', Interval.parse('5 mons'))!.toString()).toBe('2');
    expect(extractField('epoch', 'timestamptz', parseTimestamptz('2021-03-25 12:03:00.5+02'))!.toString()).toBe('1616666580.500000');
    expect(extractField('timezone', 'timestamptz', parseTimestamptz('2021-03-25 12:03:00.5+02'))!.toString()).toBe('0');
    expect(() => extractField('hour', 'date', 0)).toThrowError('unit "hour" not supported for type date');
    expect(() => extractField('dow', 'interval', Interval.ZERO)).toThrowError('unit "dow" not supported for type interval');
    expect(() => extractField('day', 'time', 0)).toThrowError('unit "day" not supported for type time without time zone');
    expect(datePart('epoch', 'timestamp', ts('2021-03-25 12:03:00.5'))).toBe(1616673780.5);
    expect(datePart('second', 'interval', Interval.parse('1 day 00:00:07.25'))).toBe(7.25);
  });

  it('formats with to_char templates', () => {
    const t = ts('2021-03-05 14:03:07.123456');
    expect(toChar(t, 'YYYY-MM-DD HH24:MI:SS.MS US | HH HH12 am PM A.M.')).toBe('2021-03-05 14:03:07.123 123456 | 02 02 pm PM P.M.');
    expect(toChar(t, 'Month|Mon|MONTH|month|FMMonth|Day|Dy|DAY|FMDay')).toBe('March    |Mar|MARCH    |march    |March|Friday   |Fri|FRIDAY   |Friday');
    expect(toChar(t, 'DDD IDDD DD D ID W WW IW CC J Q RM rm')).toBe('064 061 05 6 5 1 10 09 21 2459279 1 III  iii ');
    expect(toChar(t, 'Y,YYY YYY YY Y IYYY | DDth FMDDth ddTH | SSSS FF3 "quoted YYYY"')).toBe('2,021 021 21 1 2021 | 05th 5th 05TH | 50587 123 quoted YYYY');
    expect(toChar(parseTimestamptz('2021-03-05 14:03:07+00'), 'TZ tz OF TZH:TZM', 'UTC')).toBe('UTC utc +00 +00:00');
    expect(toChar(ts('0044-03-15 BC'), 'YYYY BC B.C. ad')).toBe('0044 BC B.C. bc');
    expect(toChar(ts('2021-03-01 00:00'), 'HH12 PM FMHH12 FMMM FMDD')).toBe('12 AM 12 3 1');
  });
});

describe('datetime against PostgreSQL (PGlite)', () => {
  let oracle: PgOracle;
  beforeAll(() => {
    oracle = new PgOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  const MICROS_PER_DAY = 86_400_000_000;
  /** Days from year -2000 to 12000, with a bias to recent decades; any microsecond of the day. */
  const timestampArbitrary = fc
    .tuple(
      fc.oneof(fc.integer({ min: -1_450_000, max: 3_700_000 }), fc.integer({ min: 0, max: 25_000 })),
      fc.oneof(fc.integer({ min: 0, max: MICROS_PER_DAY - 1 }), fc.integer({ min: 0, max: 86_399 }).map((s) => s * 1e6)),
    )
    .map(([days, micros]) => ({ days, micros, value: BigInt(days) * BigInt(MICROS_PER_DAY) + BigInt(micros) }));
  const samples = fc.sample(timestampArbitrary, { numRuns: 300, seed: 11 });
  const inputs = samples.map((sample) => [String(sample.days), String(sample.micros)]);
  const pgTimestamp = "('1970-01-01'::timestamp + a::int * interval '1 day' + b::bigint * interval '1 microsecond')";

  it('timestamp, timestamptz and date text match, and read back', async () => {
    const expected = await oracle.evaluate(pgTimestamp, inputs);
    expect(samples.map((sample) => formatTimestamp(sample.value))).toEqual(expected);
    expect(expected.map((text) => parseTimestamp(text!))).toEqual(samples.map((sample) => sample.value));
    const tz = await oracle.evaluate(`${pgTimestamp}::timestamptz`, inputs);
    expect(samples.map((sample) => formatTimestamptz(sample.value))).toEqual(tz);
    expect(tz.map((text) => parseTimestamptz(text!))).toEqual(samples.map((sample) => sample.value));
    const dates = await oracle.evaluate(`${pgTimestamp}::date`, inputs);
    expect(samples.map((sample) => formatDate(sample.days))).toEqual(dates);
  });

  it('date_trunc matches for every unit', async () => {
    for (const unit of ['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 'century', 'millennium']) {
      const expected = await oracle.evaluate(`date_trunc('${unit}', ${pgTimestamp})`, inputs);
      expect(samples.map((sample) => formatTimestamp(dateTrunc(unit, sample.value))), unit).toEqual(expected);
    }
  });

  it('EXTRACT matches for every field', async () => {
    const fields = ['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 'century', 'millennium', 'epoch', 'dow', 'isodow', 'doy', 'isoyear', 'julian'];
    for (const field of fields) {
      const expected = await oracle.evaluate(`extract(${field} from ${pgTimestamp})`, inputs);
      expect(samples.map((sample) => extractField(field, 'timestamp', sample.value)!.toString()), field).toEqual(expected);
    }
  });

  it('to_char matches', async () => {
    const template = 'YYYY-MM-DD HH24:MI:SS.US Day Mon IYYY-IW-ID DDD WW W CC Q J HH12 AM Y,YYY FMDDth';
    const expected = await oracle.evaluate(`to_char(${pgTimestamp}, '${template}')`, inputs);
    expect(samples.map((sample) => toChar(sample.value, template))).toEqual(expected);
  });

  it('timestamp + interval matches', async () => {
    const intervals = fc.sample(
      fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: -1e11, max: 1e11 })),
      { numRuns: samples.length, seed: 5 },
    );
    const withIntervals = inputs.map((tuple, index) => [...tuple, `${intervals[index]![0]} mons ${intervals[index]![1]} days ${intervals[index]![2]} microseconds`]);
    const expected = await oracle.evaluate(`${pgTimestamp} + c::interval`, withIntervals);
    const actual = samples.map((sample, index) =>
      outcome(() => formatTimestamp(addInterval(sample.value, new Interval(intervals[index]![0], intervals[index]![1], BigInt(intervals[index]![2]))))),
    );
    expect(actual).toEqual(expected);
  });
});
