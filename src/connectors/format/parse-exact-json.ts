// JSON parsing that keeps every number literal as written, so 19-digit ids and NUMERIC scales stay exact.
import { SqlError } from '../../types/error.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** A JSON number token at the scan position (sticky: matches only there). */
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A marked number inside stringified JSON, to turn back into a bare number. */
const MARKED_IN_JSON = /"\\u0000([^"]*)"/g;

/**
 * The first character of the strings that stand for number literals in `parseExactJson`'s output. NUL cannot
 * occur in PostgreSQL text, so no real string value is mistaken for a number.
 */
const NUMBER_MARK = 0;

/**
 * The index just after the string that opens at `start` (a quote), or the text's length when it does not close
 * (JSON.parse then reports the error).
 */
function skipString(text: string, start: number): number {
  let close = text.indexOf('"', start + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    close = text.indexOf('"', close + 1);
  }
  return text.length;
}

/**
 * Rewrites every number literal outside strings as a string of NUL and the literal's text. JSON.parse on Node
 * 20 turns 1487580005268456287 into 1487580005268456400 and 6.50 into 6.5; the converters read the text instead.
 * Text that is not valid JSON stays invalid: only well-formed number tokens are rewritten.
 */
function markNumbers(text: string): string {
  let out = '';
  let copied = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const c = text.charCodeAt(index);
    if (c === QUOTE) {
      index = skipString(text, index);
    } else if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
      NUMBER_TOKEN.lastIndex = index;
      if (!NUMBER_TOKEN.test(text)) return text;
      const end = NUMBER_TOKEN.lastIndex;
      out += text.slice(copied, index) + '"\\u0000' + text.slice(index, end) + '"';
      copied = end;
      index = end;
    } else {
      index++;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Parses JSON text, keeping numbers as their literal text: a number comes back as a string for which
 * `numberText` returns the literal. Throws SqlError on invalid JSON, with JSON.parse's account of the text
 * as given (the rewritten text would show the marks).
 */
export function parseExactJson(text: string): unknown {
  try {
    return JSON.parse(markNumbers(text));
  } catch {
    let reason = 'unexpected end of input';
    try {
      JSON.parse(text);
    } catch (err) {
      reason = (err as Error).message;
    }
    throw new SqlError('invalid_text_representation', `invalid input syntax for type json: ${reason}`);
  }
}

/** The literal text of a number from `parseExactJson`, or undefined when `value` is not one. */
export function numberText(value: unknown): string | undefined {
  return typeof value === 'string' && value.charCodeAt(0) === NUMBER_MARK ? value.slice(1) : undefined;
}

/** JSON text of a value from `parseExactJson`, with its numbers written as they were read. */
export function stringifyExactJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('\\u0000') ? text.replace(MARKED_IN_JSON, '$1') : text;
}
