// The public face of the datetime types: parsing, output, arithmetic, date_trunc, EXTRACT and to_char.
//
// Representations (value.ts): date = days since 1970-01-01 (number); time = microseconds since midnight
// (number); timestamp and timestamptz = microseconds since 1970-01-01 00:00:00 UTC (bigint). Functions whose
// PostgreSQL behaviour depends on the session time zone take an optional IANA zone name, default 'UTC'.
export { parseDate, parseTime, parseTimestamp, parseTimestamptz } from './datetime-parse.js';
export { formatDate, formatTime, formatTimestamp, formatTimestamptz, formatOffset } from './datetime-format.js';
export {
  addInterval,
  addIntervalToDate,
  subtractInterval,
  subtractTimestamps,
  checkTimestampRange,
  isInfiniteTimestamp,
  toLocalMicros,
} from './timestamp-arithmetic.js';
export { dateTrunc, dateTruncInterval } from './date-trunc.js';
export { extractField, datePart, type TemporalType } from './extract-field.js';
export { toChar } from './to-char.js';
export {
  DATE_NEGATIVE_INFINITY,
  DATE_POSITIVE_INFINITY,
  MICROS_PER_DAY,
  TIMESTAMP_NEGATIVE_INFINITY,
  TIMESTAMP_POSITIVE_INFINITY,
  daysFromCivil,
} from './calendar.js';
export { resolveTimeZone } from './time-zone.js';
