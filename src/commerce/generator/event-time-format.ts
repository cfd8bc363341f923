// The text forms of event times the streams use.

/** ISO-8601 UTC with milliseconds: "2026-11-21T15:04:05.123Z". */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** Seed 003's local-time strings: "2021-03-25 12:03:00" (UTC). */
export const sqlTime = (ms: number): string => isoTime(ms).slice(0, 19).replace('T', ' ');

/** REES46's event_time: "2019-12-01 00:00:00 UTC". */
export const rees46Time = (ms: number): string => `${sqlTime(ms)} UTC`;

/** A compact UTC stamp for names that sort by time: "20261121T150405123Z". */
export const compactTime = (ms: number): string => isoTime(ms).replace(/[-:.]/g, '');
