// How figures are written on screen. Values arrive as the API sends them: exact decimal text or JSON numbers.

/** The ways a column is shown. */
export type FigureKind =
  /** Currency amounts: 2 decimals, thousands grouped. */
  | 'money'
  /** Whole counts, thousands grouped. */
  | 'count'
  /** A fraction 0..1 shown as a percentage with 1 decimal. */
  | 'rate'
  /** A value already in percent (CPU), 1 decimal. */
  | 'percent'
  /** A plain number with 2 decimals (an average rating). */
  | 'decimal'
  /** Text as it is (ids, names). */
  | 'text'
  /** A timestamp's time of day, HH:MM. */
  | 'minute'
  /** A timestamp's date and hour, YYYY-MM-DD HH:MM. */
  | 'hour'
  /** A timestamp's time of day, HH:MM:SS. */
  | 'second'
  /** A date, YYYY-MM-DD. */
  | 'day'
  /** A boolean warning: true shows as "underperforming", false as nothing. */
  | 'flag';

const NULL_TEXT = '—';

/** The text of `value` as `kind` shows it; NULL as a dash. */
export function formatFigure(kind: FigureKind, value: unknown): string {
  if (value === null || value === undefined) return kind === 'flag' ? '' : NULL_TEXT;
  const text = String(value);
  switch (kind) {
    case 'money':
    case 'decimal':
      return grouped(roundDecimal(text, 2));
    case 'count':
      return grouped(roundDecimal(text, 0));
    case 'rate':
      return `${roundDecimal(shiftDecimal(text, 2), 1)}%`;
    case 'percent':
      return `${roundDecimal(text, 1)}%`;
    case 'text':
      return text;
    case 'minute':
      return text.slice(11, 16);
    case 'hour':
      return text.slice(0, 16);
    case 'second':
      return text.slice(11, 19);
    case 'day':
      return text.slice(0, 10);
    case 'flag':
      return value === true ? 'underperforming' : '';
  }
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * `text` rounded to `digits` decimals, half away from zero as PostgreSQL's round(numeric) does, on the digits
 * themselves: NUMERIC values are exact and must not pass through a double on their way to the screen.
 */
export function roundDecimal(text: string, digits: number): string {
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    // Exponent forms and NaN/Infinity: a JSON double, which toFixed rounds well enough.
    const number = Number(text);
    return Number.isFinite(number) ? number.toFixed(digits) : text;
  }
  const [, sign, whole, fraction = ''] = match;
  const kept = BigInt(whole! + fraction.padEnd(digits, '0').slice(0, digits));
  const rounded = (fraction[digits] ?? '0') >= '5' ? kept + 1n : kept;
  const digitsText = rounded.toString().padStart(digits + 1, '0');
  const result = digits === 0 ? digitsText : `${digitsText.slice(0, -digits)}.${digitsText.slice(-digits)}`;
  return sign && /[1-9]/.test(result) ? `-${result}` : result;
}

/** `text` times 10^places, by moving the decimal point. */
function shiftDecimal(text: string, places: number): string {
  const match = DECIMAL.exec(text.trim());
  if (!match) return String(Number(text) * 10 ** places);
  const [, sign, whole, fraction = ''] = match;
  const padded = fraction.padEnd(places, '0');
  const shifted = `${whole}${padded.slice(0, places)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(places);
  return `${sign}${shifted}${rest ? `.${rest}` : ''}`;
}

function grouped(text: string): string {
  const [whole, fraction] = text.split('.');
  const withCommas = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

/** Seconds since the epoch of a timestamp or date in PostgreSQL's text form, for charts; NaN if unreadable. */
export function epochSeconds(text: string): number {
  // A date alone ("2026-11-21") has no offset to complete: its "-21" is the day.
  const iso = text.length <= 10 ? text : text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return Date.parse(iso) / 1000;
}
