// Flash sales: bursts at a multiple of the base rate for a share of time, aligned to the clock.

/** A flash sale runs for `lengthMs` at the start of every `everyMs` of the clock (e.g. :00-:01, :10-:11, ...). */
export interface FlashSaleSchedule {
  readonly everyMs: number;
  readonly lengthMs: number;
  /** The rate during a sale, as a multiple of the base rate. */
  readonly factor: number;
}

export const DEFAULT_FLASH_SALE: FlashSaleSchedule = { everyMs: 600_000, lengthMs: 60_000, factor: 10 };

/** Whether a sale of `schedule` (none: never) is on at `ms`; periods are counted from the Unix epoch. */
export function flashSaleActive(schedule: FlashSaleSchedule | null, ms: number): boolean {
  if (schedule === null) return false;
  const phase = ((ms % schedule.everyMs) + schedule.everyMs) % schedule.everyMs;
  return phase < schedule.lengthMs;
}
