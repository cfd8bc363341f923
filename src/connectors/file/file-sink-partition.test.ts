// Tests of partition buckets and directory names: day and hour boundaries, before 1970, far future, NULL and infinities.
import { describe, expect, it } from 'vitest';
import { DATE_NEGATIVE_INFINITY, DATE_POSITIVE_INFINITY, daysFromCivil, TIMESTAMP_NEGATIVE_INFINITY, TIMESTAMP_POSITIVE_INFINITY } from '../../types/calendar.js';
import { DEFAULT_BUCKET, PartitionPlan } from './file-sink-partition.js';

const micros = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, micro = 0): bigint =>
  (BigInt(daysFromCivil(year, month, day)) * 24n + BigInt(hour)) * 3_600_000_000n + BigInt(minute * 60 + second) * 1_000_000n + BigInt(micro);

const daily = new PartitionPlan({ column: 0, type: 'timestamp', granularity: 'day' });
const hourly = new PartitionPlan({ column: 0, type: 'timestamptz', granularity: 'hour' });
const directoryOf = (plan: PartitionPlan, value: bigint | number | null): string => plan.directoryOf(plan.bucketOf(value));

describe('partition plan', () => {
  it('names days and hours at their boundaries', () => {
    expect(directoryOf(daily, micros(2026, 11, 21, 23, 59, 59, 999_999))).toBe('dt=2026-11-21');
    expect(directoryOf(daily, micros(2026, 11, 22))).toBe('dt=2026-11-22');
    expect(directoryOf(hourly, micros(2026, 11, 21, 13, 59, 59, 999_999))).toBe('dt=2026-11-21/hour=13');
    expect(directoryOf(hourly, micros(2026, 11, 21, 14))).toBe('dt=2026-11-21/hour=14');
    expect(directoryOf(hourly, micros(2026, 11, 22, 0))).toBe('dt=2026-11-22/hour=0');
  });

  it('floors times before 1970 and outside the exact range of doubles', () => {
    expect(directoryOf(daily, -1n)).toBe('dt=1969-12-31');
    expect(directoryOf(hourly, -1n)).toBe('dt=1969-12-31/hour=23');
    expect(directoryOf(hourly, micros(1600, 3, 1, 5) - 1n)).toBe('dt=1600-03-01/hour=4');
    expect(directoryOf(hourly, micros(9999, 12, 31, 23, 59, 59, 999_999))).toBe('dt=9999-12-31/hour=23');
    expect(directoryOf(daily, micros(1, 1, 1))).toBe('dt=0001-01-01');
    // After 2255 the microseconds exceed 2^53: buckets come from bigint division, exact all the same.
    expect(directoryOf(hourly, micros(3000, 1, 1, 10) - 1n)).toBe('dt=3000-01-01/hour=9');
    expect(directoryOf(hourly, micros(2200, 6, 1, 10) - 1n)).toBe('dt=2200-06-01/hour=9');
  });

  it('sends NULL, the infinities and years a reader cannot parse to the default partition', () => {
    for (const value of [null, TIMESTAMP_POSITIVE_INFINITY, TIMESTAMP_NEGATIVE_INFINITY, micros(10000, 1, 1), micros(0, 12, 31)]) {
      expect(hourly.bucketOf(value)).toBe(DEFAULT_BUCKET);
    }
    expect(hourly.directoryOf(DEFAULT_BUCKET)).toBe('dt=__HIVE_DEFAULT_PARTITION__/hour=__HIVE_DEFAULT_PARTITION__');
    const byDate = new PartitionPlan({ column: 2, type: 'date', granularity: 'day' });
    expect(byDate.column).toBe(2);
    expect(directoryOf(byDate, daysFromCivil(2019, 10, 1))).toBe('dt=2019-10-01');
    expect(byDate.bucketOf(DATE_POSITIVE_INFINITY)).toBe(DEFAULT_BUCKET);
    expect(byDate.bucketOf(DATE_NEGATIVE_INFINITY)).toBe(DEFAULT_BUCKET);
    expect(byDate.directoryOf(DEFAULT_BUCKET)).toBe('dt=__HIVE_DEFAULT_PARTITION__');
  });
});
