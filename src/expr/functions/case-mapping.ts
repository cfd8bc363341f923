// lower/upper/initcap per character with simple (one-to-one) case mappings, as PostgreSQL's towlower/towupper do.

/** Unicode letters and digits: the characters initcap treats as part of a word (iswalnum). */
const ALNUM = /[\p{Alphabetic}\p{Nd}]/u;

const lowerCache = new Map<string, string>();
const upperCache = new Map<string, string>();

/**
 * The simple case mapping of one character. JS maps with the full (possibly multi-character, context
 * dependent) mapping; PostgreSQL maps each character to one character, so multi-character results keep the
 * character unchanged, except U+0130 whose simple lower-case mapping is 'i'.
 */
function mapChar(ch: string, cache: Map<string, string>, upper: boolean): string {
  let mapped = cache.get(ch);
  if (mapped !== undefined) return mapped;
  const full = upper ? ch.toUpperCase() : ch.toLowerCase();
  if (ch === '\u0130' && !upper) mapped = 'i';
  else mapped = [...full].length === 1 ? full : ch;
  cache.set(ch, mapped);
  return mapped;
}

/** True when every character is ASCII, where JS case mapping is PostgreSQL's. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

export function lower(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += mapChar(ch, lowerCache, false);
  return out;
}

export function upper(s: string): string {
  if (isAscii(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) out += mapChar(ch, upperCache, true);
  return out;
}

function isAlnum(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return ALNUM.test(ch);
}

/** First letter of each run of letters/digits upper-cased, the rest lower-cased. */
export function initcap(s: string): string {
  let out = '';
  let inWord = false;
  for (const ch of s) {
    out += inWord ? mapChar(ch, lowerCache, false) : mapChar(ch, upperCache, true);
    inWord = isAlnum(ch);
  }
  return out;
}
