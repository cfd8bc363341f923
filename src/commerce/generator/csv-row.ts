// One CSV line (RFC 4180 quoting) of a record's fields in a given column order.
import type { StreamValue } from './commerce-streams.js';

const NEEDS_QUOTES = /[",\r\n]/;

const field = (value: string | number | boolean | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The line (without its newline) of `value`'s `columns`; a missing or null field is empty. */
export const csvRow = (columns: readonly string[], value: StreamValue): string => columns.map((column) => field(value[column])).join(',');
