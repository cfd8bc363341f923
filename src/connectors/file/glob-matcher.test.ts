// Tests of globMatcher: match_pattern over file names.
import { describe, expect, it } from 'vitest';
import { globMatcher } from './glob-matcher.js';

describe('globMatcher', () => {
  it('matches whole names with *, ?, sets and alternatives', () => {
    const cases: [string, string[], string[]][] = [
      ['*', ['a', 'events.csv', ''], []],
      ['*.csv', ['2019-Dec.csv', '.csv'], ['a.csv.gz', 'a.CSV', 'acsv']],
      ['events-??.json', ['events-01.json'], ['events-1.json', 'events-001.json']],
      ['day-[0-9].csv', ['day-3.csv'], ['day-x.csv']],
      ['day-[!0-9].csv', ['day-x.csv'], ['day-3.csv']],
      ['*.{csv,jsonl}', ['a.csv', 'b.jsonl'], ['c.json']],
      ['a+b(1).txt', ['a+b(1).txt'], ['aab1.txt']],
      ['\\*.txt', ['*.txt'], ['a.txt']],
    ];
    for (const [pattern, yes, no] of cases) {
      const matches = globMatcher(pattern);
      for (const name of yes) expect(matches(name), `${pattern} ~ ${name}`).toBe(true);
      for (const name of no) expect(matches(name), `${pattern} !~ ${name}`).toBe(false);
    }
  });

  it('rejects unclosed sets and alternatives', () => {
    expect(() => globMatcher('a[b')).toThrow('invalid value for option "match_pattern": "a[b"');
    expect(() => globMatcher('{a,b')).toThrow('invalid value for option "match_pattern"');
  });
});
