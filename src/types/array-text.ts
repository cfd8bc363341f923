// Text form of one-dimensional arrays: '{a,b,NULL,"x y"}' with PostgreSQL's quoting (array_out / array_in).
import { SqlError } from './error.js';

const isArraySpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Whether array_out must quote an element: empty, 'NULL', or containing a delimiter, quote, brace, backslash or blank. */
function needsQuotes(text: string): boolean {
  if (text.length === 0 || text.toUpperCase() === 'NULL') return true;
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index);
    if (c === 34 || c === 92 || c === 123 || c === 125 || c === 44 || isArraySpace(c)) return true;
  }
  return false;
}

/** '{...}' of the elements' texts (null for NULL). */
export function formatArrayText(elements: readonly (string | null)[]): string {
  let out = '{';
  for (let index = 0; index < elements.length; index++) {
    if (index > 0) out += ',';
    const element = elements[index]!;
    if (element === null) out += 'NULL';
    else if (needsQuotes(element)) out += '"' + element.replace(/(["\\])/g, '\\$1') + '"';
    else out += element;
  }
  return out + '}';
}

const malformed = (text: string, detail: string): SqlError =>
  new SqlError('invalid_text_representation', `malformed array literal: "${text}"`, { detail });

/** Splits '{a,"b c",NULL}' into element texts (null for an unquoted NULL). One dimension only. */
export function parseArrayText(text: string): (string | null)[] {
  let pos = 0;
  const length = text.length;
  while (pos < length && isArraySpace(text.charCodeAt(pos))) pos++;
  if (text[pos] === '[') {
    // Optional dimension decoration '[1:3]='; the bounds are not kept.
    const equals = text.indexOf('=', pos);
    if (equals < 0) throw malformed(text, 'Missing "=" after array dimensions.');
    pos = equals + 1;
    while (pos < length && isArraySpace(text.charCodeAt(pos))) pos++;
  }
  if (text[pos] !== '{') throw malformed(text, 'Array value must start with "{" or dimension information.');
  pos++;
  const elements: (string | null)[] = [];
  while (pos < length && isArraySpace(text.charCodeAt(pos))) pos++;
  if (text[pos] === '}') {
    pos++;
    while (pos < length && isArraySpace(text.charCodeAt(pos))) pos++;
    if (pos !== length) throw malformed(text, 'Junk after closing right brace.');
    return elements;
  }
  for (;;) {
    while (pos < length && isArraySpace(text.charCodeAt(pos))) pos++;
    if (pos >= length) throw malformed(text, 'Unexpected end of input.');
    if (text[pos] === '{') throw new SqlError('feature_not_supported', 'multidimensional arrays are not supported');
    let element = '';
    let quoted = false;
    let sawAny = false;
    let trailingBlanks = 0;
    while (pos < length) {
      const c = text[pos]!;
      if (c === '"') {
        quoted = true;
        sawAny = true;
        pos++;
        while (pos < length && text[pos] !== '"') {
          if (text[pos] === '\\') pos++;
          element += text[pos] ?? '';
          pos++;
        }
        if (pos >= length) throw malformed(text, 'Unexpected end of input.');
        pos++;
        trailingBlanks = 0;
        continue;
      }
      if (c === ',' || c === '}') break;
      if (c === '{') throw malformed(text, 'Unexpected "{" character.');
      if (c === '\\') {
        pos++;
        element += text[pos] ?? '';
        pos++;
        sawAny = true;
        trailingBlanks = 0;
        continue;
      }
      if (isArraySpace(c.charCodeAt(0))) {
        if (sawAny) {
          element += c;
          trailingBlanks++;
        }
        pos++;
        continue;
      }
      element += c;
      sawAny = true;
      trailingBlanks = 0;
      pos++;
    }
    if (trailingBlanks > 0) element = element.slice(0, element.length - trailingBlanks);
    if (!sawAny) throw malformed(text, 'Unexpected "," character.');
    elements.push(!quoted && element.toUpperCase() === 'NULL' ? null : element);
    if (pos >= length) throw malformed(text, 'Unexpected end of input.');
    const separator = text[pos];
    pos++;
    if (separator === '}') break;
  }
  while (pos < length && isArraySpace(text.charCodeAt(pos))) pos++;
  if (pos !== length) throw malformed(text, 'Junk after closing right brace.');
  return elements;
}
