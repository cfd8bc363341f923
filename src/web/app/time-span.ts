// The stretch of time a chart shows: a fixed number of buckets ending at the latest one, and its axis labels in UTC.

/** A chart's x axis: buckets of `stepSeconds` (the view's window), `buckets` of them. */
export interface TimeSpan {
  readonly stepSeconds: number;
  readonly buckets: number;
}

export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The span's bounds: from `buckets` steps before the end to the end of the latest bucket (or of now's, with no rows). */
export function spanBounds(span: TimeSpan, times: readonly number[], nowSeconds: number): { start: number; end: number } {
  const finite = times.filter(Number.isFinite);
  const latest = finite.length > 0 ? Math.max(...finite) : Math.floor(nowSeconds / span.stepSeconds) * span.stepSeconds;
  const end = latest + span.stepSeconds;
  return { start: end - span.buckets * span.stepSeconds, end };
}

/**
 * Every bucket of the span, whether a row has it or not, plus rows' times that fall inside off the grid: bars keep
 * one width, and a line breaks where a bucket has no row instead of joining points far apart.
 */
export function bucketTimes(span: TimeSpan, bounds: { start: number; end: number }, times: readonly number[]): number[] {
  const grid = new Set<number>();
  for (let bucketIdx = 0; bucketIdx < span.buckets; bucketIdx++) grid.add(bounds.start + bucketIdx * span.stepSeconds);
  for (const time of times) if (time >= bounds.start && time < bounds.end) grid.add(time);
  return [...grid].sort((a, b) => a - b);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A tick's label in UTC: "Nov 21" on a daily axis and at midnight, otherwise 24-hour "15:00". */
export function tickLabel(seconds: number, span: TimeSpan): string {
  const date = new Date(seconds * 1000);
  const time = date.toISOString().slice(11, 16);
  if (span.stepSeconds >= DAY || time === '00:00') return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
  return time;
}

/** A time as the legend writes it under the cursor, in UTC: "2026-11-21 15:05" ("2026-11-21" on a daily axis). */
export function cursorLabel(seconds: number, span: TimeSpan): string {
  const text = new Date(seconds * 1000).toISOString();
  return span.stepSeconds >= DAY ? text.slice(0, 10) : `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}
