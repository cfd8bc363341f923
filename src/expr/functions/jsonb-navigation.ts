// Reading into jsonb values held as canonical text: member and element lookup without building a tree.

/**
 * jsonb values are PostgreSQL's canonical output text ('{"a": 1, "b": [1, 2]}'): no blanks except the single
 * space after ':' and ','. A sub-value's slice of that text is its own canonical text, so lookups return slices.
 */

/** The index just past the JSON value starting at `start`. */
export function skipValue(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === 34) return skipString(text, start);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let pos = start; pos < text.length; pos++) {
      const d = text.charCodeAt(pos);
      if (d === 34) pos = skipString(text, pos) - 1;
      else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return pos + 1;
      }
    }
    return text.length;
  }
  let pos = start;
  while (pos < text.length) {
    const d = text.charCodeAt(pos);
    if (d === 44 || d === 93 || d === 125) break;
    pos++;
  }
  return pos;
}

function skipString(text: string, start: number): number {
  for (let pos = start + 1; pos < text.length; pos++) {
    const c = text.charCodeAt(pos);
    if (c === 92) pos++;
    else if (c === 34) return pos + 1;
  }
  return text.length;
}

/** The JS string of the JSON string literal text[start, end). */
export const unquote = (text: string, start: number, end: number): string => JSON.parse(text.slice(start, end)) as string;

/** Visits the members of an object (key, value start, value end); stops when `visit` returns true. */
export function forEachMember(text: string, visit: (key: string, start: number, end: number) => boolean | void): void {
  if (text.charCodeAt(0) !== 123) return;
  let pos = 1;
  if (text.charCodeAt(pos) === 125) return;
  while (pos < text.length) {
    const keyEnd = skipString(text, pos);
    const key = unquote(text, pos, keyEnd);
    const valueStart = keyEnd + 2; // ': '
    const valueEnd = skipValue(text, valueStart);
    if (visit(key, valueStart, valueEnd) === true) return;
    if (text.charCodeAt(valueEnd) !== 44) return;
    pos = valueEnd + 2; // ', '
  }
}

/** The [start, end) spans of an array's elements. */
export function elementSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (text.charCodeAt(0) !== 91 || text.charCodeAt(1) === 93) return spans;
  let pos = 1;
  while (pos < text.length) {
    const end = skipValue(text, pos);
    spans.push([pos, end]);
    if (text.charCodeAt(end) !== 44) break;
    pos = end + 2;
  }
  return spans;
}

export type JsonbKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export function kindOf(text: string): JsonbKind {
  switch (text.charCodeAt(0)) {
    case 123:
      return 'object';
    case 91:
      return 'array';
    case 34:
      return 'string';
    case 116:
    case 102:
      return 'boolean';
    case 110:
      return 'null';
    default:
      return 'number';
  }
}

/** `jsonb -> key`: the member's text, undefined if absent or not an object. */
export function member(text: string, key: string): string | undefined {
  let found: string | undefined;
  forEachMember(text, (name, start, end) => {
    if (name !== key) return false;
    found = text.slice(start, end);
    return true;
  });
  return found;
}

/** `jsonb -> index`: negative indexes count from the end; undefined if out of range or not an array. */
export function element(text: string, index: number): string | undefined {
  if (text.charCodeAt(0) !== 91) return undefined;
  const spans = elementSpans(text);
  const position = index < 0 ? spans.length + index : index;
  const span = spans[position];
  return span ? text.slice(span[0], span[1]) : undefined;
}

/** A value as `->>` returns it: strings unquoted, JSON null as SQL NULL, anything else its text. */
export function asText(text: string | undefined): string | null {
  if (text === undefined) return null;
  const kind = kindOf(text);
  if (kind === 'string') return unquote(text, 0, text.length);
  if (kind === 'null') return null;
  return text;
}
