// Strings as sequences of Unicode code points (PostgreSQL counts characters, JS strings count UTF-16 units).

const SURROGATE = /[\uD800-\uDFFF]/;

/** True when every character is one UTF-16 unit, so that JS indexes are character positions (the common case). */
export const isSingleUnit = (s: string): boolean => !SURROGATE.test(s);

/** The number of characters. */
export function charLength(s: string): number {
  if (isSingleUnit(s)) return s.length;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}

/** The characters of `s` (code points) as separate strings. */
export const chars = (s: string): string[] => Array.from(s);

/** Characters [start, end) of `s`, in character positions (0-based, clamped). */
export function charSlice(s: string, start: number, end: number = Infinity): string {
  if (isSingleUnit(s)) return s.slice(Math.max(start, 0), end === Infinity ? undefined : Math.max(end, 0));
  return chars(s)
    .slice(Math.max(start, 0), end === Infinity ? undefined : Math.max(end, 0))
    .join('');
}

/** The UTF-16 offset of character number `charIndex` in `s`. */
export function unitOffset(s: string, charIndex: number): number {
  let offset = 0;
  for (let c = 0; c < charIndex && offset < s.length; c++) {
    const code = s.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < s.length ? 2 : 1;
  }
  return offset;
}

/** The character position of UTF-16 offset `offset` in `s`. */
export function charIndexOf(s: string, offset: number): number {
  if (isSingleUnit(s)) return offset;
  return charLength(s.slice(0, offset));
}

/** Number of bytes of `s` in UTF-8. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
