// JSONB canonical text: PostgreSQL's jsonb output form of any JSON input (sorted keys, numeric numbers).
import { SqlError } from './error.js';
import { Numeric } from './numeric.js';

const invalidJson = (detail: string): SqlError =>
  new SqlError('invalid_text_representation', 'invalid input syntax for type json', { detail });

const encoder = new TextEncoder();

/** jsonb key order: shorter keys first, then bytewise on UTF-8 (PostgreSQL's lengthCompareJsonbString). */
export function compareJsonbKeys(a: string, b: string): number {
  const aBytes = encoder.encode(a);
  const bBytes = encoder.encode(b);
  if (aBytes.length !== bBytes.length) return aBytes.length - bBytes.length;
  for (let index = 0; index < aBytes.length; index++) {
    if (aBytes[index] !== bBytes[index]) return aBytes[index]! - bBytes[index]!;
  }
  return 0;
}

/** Quotes a string as PostgreSQL's escape_json does. */
export function quoteJsonString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 32) out += text[index];
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}

/** A recursive-descent JSON reader that writes jsonb's canonical text as it goes (objects sorted on close). */
class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    const rest = this.text.slice(this.pos, this.pos + 20);
    throw invalidJson(this.pos >= this.text.length ? 'The input string ended unexpectedly.' : `Token "${rest.split(/[\s,:\]}]/)[0] || rest[0]}" is invalid.`);
  }

  skipBlank(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  value(depth: number): string {
    if (depth > 6400) throw new SqlError('invalid_text_representation', 'stack depth limit exceeded');
    this.skipBlank();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return quoteJsonString(this.string());
    if (c === 't' && this.text.startsWith('true', this.pos)) return this.word('true');
    if (c === 'f' && this.text.startsWith('false', this.pos)) return this.word('false');
    if (c === 'n' && this.text.startsWith('null', this.pos)) return this.word('null');
    return this.number();
  }

  word(word: string): string {
    this.pos += word.length;
    return word;
  }

  number(): string {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found) this.fail();
    this.pos += found[0].length;
    const next = this.text.charCodeAt(this.pos);
    if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 46) this.fail();
    return Numeric.parse(found[0]).toString();
  }

  string(): string {
    this.pos++; // opening quote
    let out = '';
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      const c = this.text.charCodeAt(this.pos);
      if (c === 34) break;
      if (c < 32) this.fail();
      if (c !== 92) {
        this.pos++;
        continue;
      }
      out += this.text.slice(runStart, this.pos);
      out += this.escape();
      runStart = this.pos;
    }
    out += this.text.slice(runStart, this.pos);
    this.pos++;
    return out;
  }

  escape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '"': return '"';
      case '\\': return '\\';
      case '/': return '/';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
        this.pos += 4;
        const unit = parseInt(hex, 16);
        if (unit === 0) {
          throw new SqlError('invalid_text_representation', 'unsupported Unicode escape sequence', {
            detail: '\\u0000 cannot be converted to text.',
          });
        }
        return String.fromCharCode(unit);
      }
      default:
        this.pos -= 2;
        return this.fail();
    }
  }

  object(depth: number): string {
    this.pos++;
    const entries = new Map<string, string>();
    this.skipBlank();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return '{}';
    }
    for (;;) {
      this.skipBlank();
      if (this.text[this.pos] !== '"') this.fail();
      const key = this.string();
      this.skipBlank();
      if (this.text[this.pos] !== ':') this.fail();
      this.pos++;
      entries.delete(key); // the last duplicate wins
      entries.set(key, this.value(depth + 1));
      this.skipBlank();
      const separator = this.text[this.pos];
      this.pos++;
      if (separator === '}') break;
      if (separator !== ',') {
        this.pos--;
        this.fail();
      }
    }
    const keys = [...entries.keys()].sort(compareJsonbKeys);
    return '{' + keys.map((key) => quoteJsonString(key) + ': ' + entries.get(key)).join(', ') + '}';
  }

  array(depth: number): string {
    this.pos++;
    const items: string[] = [];
    this.skipBlank();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return '[]';
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipBlank();
      const separator = this.text[this.pos];
      this.pos++;
      if (separator === ']') break;
      if (separator !== ',') {
        this.pos--;
        this.fail();
      }
    }
    return '[' + items.join(', ') + ']';
  }
}

/** Validates JSON text and returns PostgreSQL's jsonb output for it: '{"a": 1, "b": [1, 2]}'. */
export function canonicalJsonb(text: string): string {
  const reader = new Reader(text);
  const result = reader.value(0);
  reader.skipBlank();
  if (reader.pos !== text.length) reader.fail();
  return result;
}
