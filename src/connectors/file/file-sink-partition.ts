// The partition directory of a row of a file sink: `dt=2026-11-21/` or `dt=2026-11-21/hour=13/`, from a time column.
import { civilFromDays, daysFromCivil, type CivilDate } from '../../types/calendar.js';
import type { Value } from '../../types/value.js';
import type { FileSinkPartitioning } from './file-sink-options.js';

/** Hive's name for the partition of a NULL value; DuckDB and Spark read it back as NULL. */
export const DEFAULT_PARTITION_NAME = '__HIVE_DEFAULT_PARTITION__';

/** The bucket of rows that go to the default partition. */
export const DEFAULT_BUCKET = Number.NEGATIVE_INFINITY;

const MICROS_PER_HOUR = 3_600_000_000;
const MICROS_PER_DAY = 86_400_000_000;
const HOURS_PER_DAY = 24;

/** Readers parse `dt=` as a four-digit-year date: years 1 to 9999 only (later and earlier ones are rare anyway). */
const FIRST_DAY = daysFromCivil(1, 1, 1);
const LAST_DAY = daysFromCivil(9999, 12, 31);

/** Directory names of buckets seen, which recur from write to write; bounded so that it cannot grow forever. */
const MAX_CACHED_DIRECTORIES = 10_000;

/** floor(n / divisor) for safe integers: a double division can round up to the next integer just below it. */
function floorDivide(n: number, divisor: number): number {
  const quotient = Math.floor(n / divisor);
  return quotient * divisor > n ? quotient - 1 : quotient;
}

function floorDivideBig(n: bigint, divisor: bigint): number {
  const quotient = n / divisor;
  return Number(n % divisor < 0n ? quotient - 1n : quotient);
}

const two = (n: number): string => (n < 10 ? '0' + n : String(n));

/**
 * Picks rows' partitions. A bucket is a day (or hour) number since 1970-01-01 in UTC (a timestamptz is
 * partitioned by its UTC time), or DEFAULT_BUCKET for NULL, ±infinity and years outside 1..9999, which go to
 * `dt=__HIVE_DEFAULT_PARTITION__/`. Made once per writer; `bucketOf` runs per row and allocates nothing for
 * timestamps between the years 1685 and 2255 (whose microseconds are exact in a double) and for dates.
 */
export class PartitionPlan {
  private readonly hourly: boolean;
  private readonly bucketWidth: number;
  private readonly bucketWidthBig: bigint;
  private readonly firstBucket: number;
  private readonly lastBucket: number;
  private readonly directories = new Map<number, string>();
  private readonly civil: CivilDate = { year: 0, month: 0, day: 0 };

  constructor(private readonly partitioning: FileSinkPartitioning) {
    this.hourly = partitioning.granularity === 'hour';
    this.bucketWidth = this.hourly ? MICROS_PER_HOUR : MICROS_PER_DAY;
    this.bucketWidthBig = BigInt(this.bucketWidth);
    this.firstBucket = this.hourly ? FIRST_DAY * HOURS_PER_DAY : FIRST_DAY;
    this.lastBucket = this.hourly ? LAST_DAY * HOURS_PER_DAY + HOURS_PER_DAY - 1 : LAST_DAY;
  }

  /** The index of the partition column in a row. */
  get column(): number {
    return this.partitioning.column;
  }

  /** The bucket of a value of the partition column. */
  bucketOf(value: Value): number {
    if (value === null) return DEFAULT_BUCKET;
    let bucket: number;
    if (typeof value === 'number') {
      bucket = value; // a date: days since 1970-01-01 (the infinities fall outside the range below)
    } else {
      const micros = value as bigint;
      const approximate = Number(micros);
      bucket = Number.isSafeInteger(approximate) ? floorDivide(approximate, this.bucketWidth) : floorDivideBig(micros, this.bucketWidthBig);
    }
    return bucket < this.firstBucket || bucket > this.lastBucket ? DEFAULT_BUCKET : bucket;
  }

  /** The bucket's directory relative to the archive's root: `dt=2026-11-21` or `dt=2026-11-21/hour=13`. */
  directoryOf(bucket: number): string {
    let directory = this.directories.get(bucket);
    if (directory !== undefined) return directory;
    directory = bucket === DEFAULT_BUCKET ? this.defaultDirectory() : this.bucketDirectory(bucket);
    if (this.directories.size >= MAX_CACHED_DIRECTORIES) this.directories.clear();
    this.directories.set(bucket, directory);
    return directory;
  }

  private defaultDirectory(): string {
    const day = 'dt=' + DEFAULT_PARTITION_NAME;
    return this.hourly ? day + '/hour=' + DEFAULT_PARTITION_NAME : day;
  }

  private bucketDirectory(bucket: number): string {
    const days = this.hourly ? Math.floor(bucket / HOURS_PER_DAY) : bucket;
    const { year, month, day } = civilFromDays(days, this.civil);
    const date = 'dt=' + String(year).padStart(4, '0') + '-' + two(month) + '-' + two(day);
    // Hours without a leading zero: DuckDB then reads `hour` as an integer (it keeps "05" as text).
    return this.hourly ? date + '/hour=' + (bucket - days * HOURS_PER_DAY) : date;
  }
}
