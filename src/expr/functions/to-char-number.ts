// to_char for numbers: PostgreSQL's numeric template patterns (9 0 . , D G S MI PL SG PR L V EEEE RN TH FM).
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import { exactExponential, exactFixed } from './exact-decimal.js';
import { rint } from './math.js';

type Keyword = '9' | '0' | '.' | 'D' | ',' | 'G' | 'FM' | 'S' | 'MI' | 'PL' | 'SG' | 'PR' | 'L' | 'V' | 'EEEE' | 'RN' | 'rn' | 'TH' | 'th';

/** A parsed template: keywords and literal text, plus PostgreSQL's NUMDesc summary of them. */
export interface NumberTemplate {
  readonly nodes: readonly ({ readonly keyword: Keyword } | { readonly text: string })[];
  pre: number;
  post: number;
  /** 1-based position of the first '0' before the point (0: none); zeroEnd the position of the last '0'. */
  zeroStart: number;
  zeroEnd: number;
  decimal: boolean;
  fillMode: boolean;
  minus: boolean;
  plus: boolean;
  bracket: boolean;
  roman: boolean;
  eeee: boolean;
  multi: number;
  lsign: 'none' | 'pre' | 'post';
  preLsignNum: number;
}

const KEYWORDS: readonly [string, Keyword][] = [
  ['EEEE', 'EEEE'], ['eeee', 'EEEE'],
  ['FM', 'FM'], ['fm', 'FM'], ['MI', 'MI'], ['mi', 'MI'], ['PL', 'PL'], ['pl', 'PL'], ['SG', 'SG'], ['sg', 'SG'],
  ['PR', 'PR'], ['pr', 'PR'], ['RN', 'RN'], ['rn', 'rn'], ['TH', 'TH'], ['th', 'th'],
  ['9', '9'], ['0', '0'], ['.', '.'], [',', ','], ['D', 'D'], ['d', 'D'], ['G', 'G'], ['g', 'G'],
  ['S', 'S'], ['s', 'S'], ['L', 'L'], ['l', 'L'], ['V', 'V'], ['v', 'V'],
];

const formatError = (message: string, detail?: string): SqlError => new SqlError('syntax_error', message, detail ? { detail } : {});

/** Parses a template and computes its digit counts and flags (NUMDesc_prepare). */
export function parseNumberTemplate(format: string): NumberTemplate {
  const t: NumberTemplate = {
    nodes: [], pre: 0, post: 0, zeroStart: 0, zeroEnd: 0, decimal: false, fillMode: false, minus: false, plus: false,
    bracket: false, roman: false, eeee: false, multi: 0, lsign: 'none', preLsignNum: 0,
  };
  const nodes: NumberTemplate['nodes'][number][] = [];
  let multiMode = false;
  for (let i = 0; i < format.length; ) {
    if (format[i] === '"') {
      // A double-quoted literal; inside it a backslash quotes the next character.
      for (i++; i < format.length && format[i] !== '"'; i++) {
        if (format[i] === '\\' && i + 1 < format.length) i++;
        nodes.push({ text: format[i]! });
      }
      i++;
      continue;
    }
    // Outside quotes a backslash only matters before a double quote.
    if (format[i] === '\\' && format[i + 1] === '"') {
      nodes.push({ text: '"' });
      i += 2;
      continue;
    }
    const match = KEYWORDS.find(([word]) => format.startsWith(word, i));
    if (!match) {
      const ch = String.fromCodePoint(format.codePointAt(i)!);
      nodes.push({ text: ch });
      i += ch.length;
      continue;
    }
    const keyword = match[1];
    i += match[0].length;
    nodes.push({ keyword });
    applyKeyword(t, keyword, () => multiMode, () => (multiMode = true));
  }
  return { ...t, nodes };
}

function applyKeyword(t: NumberTemplate, keyword: Keyword, isMulti: () => boolean, setMulti: () => void): void {
  switch (keyword) {
    case '9':
      if (t.bracket) throw formatError('"9" must be ahead of "PR"');
      if (isMulti()) t.multi++;
      else if (t.decimal) t.post++;
      else t.pre++;
      return;
    case '0':
      if (t.bracket) throw formatError('"0" must be ahead of "PR"');
      if (t.zeroStart === 0 && !t.decimal) t.zeroStart = t.pre + 1;
      if (!t.decimal) t.pre++;
      else t.post++;
      t.zeroEnd = t.pre + t.post;
      return;
    case 'D':
    case '.':
      if (t.decimal) throw formatError('multiple decimal points');
      if (isMulti()) throw formatError('cannot use "V" and decimal point together');
      t.decimal = true;
      return;
    case 'FM':
      t.fillMode = true;
      return;
    case 'S':
      if (t.lsign !== 'none') throw formatError('cannot use "S" twice');
      if (t.plus || t.minus || t.bracket) throw formatError('cannot use "S" and "PL"/"MI"/"SG"/"PR" together');
      if (!t.decimal) {
        t.lsign = 'pre';
        t.preLsignNum = t.pre;
      } else if (t.lsign === 'none') {
        t.lsign = 'post';
      }
      return;
    case 'MI':
    case 'PL':
    case 'SG':
      if (t.lsign !== 'none') throw formatError(`cannot use "S" and "${keyword}" together`);
      if (keyword !== 'PL') t.minus = true;
      if (keyword !== 'MI') t.plus = true;
      return;
    case 'PR':
      if (t.lsign !== 'none' || t.plus || t.minus) throw formatError('cannot use "PR" and "S"/"PL"/"MI"/"SG" together');
      t.bracket = true;
      return;
    case 'RN':
    case 'rn':
      t.roman = true;
      return;
    case 'V':
      if (t.decimal) throw formatError('cannot use "V" and decimal point together');
      setMulti();
      return;
    case 'EEEE':
      if (t.eeee) throw formatError('cannot use "EEEE" twice');
      if (t.fillMode || t.lsign !== 'none' || t.bracket || t.minus || t.plus || t.roman || isMulti()) {
        throw formatError('"EEEE" is incompatible with other formats', '"EEEE" may only be used together with digit and decimal point patterns.');
      }
      t.eeee = true;
      return;
    default:
      return;
  }
}

/** The digits to print, as numeric_to_char & co. prepare them for the template processor. */
export interface PreparedNumber {
  /** Digits with an optional '.', no sign; or '#' fill on overflow; or the Roman numeral. */
  readonly digits: string;
  readonly sign: '+' | '-';
  readonly preSpaces: number;
}

const ROMAN: readonly [number, string][] = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

export function toRoman(value: number): string {
  if (value > 3999 || value < 1) return '#'.repeat(15);
  let out = '';
  for (const [amount, letters] of ROMAN) {
    while (value >= amount) {
      out += letters;
      value -= amount;
    }
  }
  return out;
}

/** Splits a plain decimal text into sign and digits, and pads or overflows it against the template. */
export function fitDigits(t: NumberTemplate, text: string): PreparedNumber {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const point = digits.indexOf('.');
  const preLength = point < 0 ? digits.length : point;
  const sign = negative ? '-' : '+';
  if (preLength < t.pre) return { digits, sign, preSpaces: t.pre - preLength };
  if (preLength > t.pre) return { digits: overflowFill(t), sign, preSpaces: 0 };
  return { digits, sign, preSpaces: 0 };
}

const overflowFill = (t: NumberTemplate): string => '#'.repeat(t.pre) + '.' + '#'.repeat(t.post);

/** numeric_to_char's preparation. */
export function prepareNumeric(t: NumberTemplate, value: Numeric): PreparedNumber {
  if (t.roman) {
    const rounded = value.isSpecial() ? 0 : Number(value.round(0).toBigInt());
    return { digits: toRoman(rounded), sign: '+', preSpaces: 0 };
  }
  if (t.eeee) {
    if (value.isSpecial()) return { digits: ' ' + '#'.repeat(t.pre) + '.' + '#'.repeat(t.post + 4), sign: '+', preSpaces: 0 };
    const text = numericScientific(value, t.post);
    return { digits: text.startsWith('-') ? text : ' ' + text, sign: '+', preSpaces: 0 };
  }
  let scaled = value;
  if (t.multi > 0) {
    scaled = value.mul(new Numeric(10n ** BigInt(t.multi), 0));
    t.pre += t.multi;
  }
  if (scaled.isSpecial()) return { digits: overflowFill(t), sign: scaled.sign() < 0 ? '-' : '+', preSpaces: 0 };
  return fitDigits(t, scaled.round(t.post).toString());
}

/** numeric_out_sci: one digit before the point, `digits` after, 'e' and a signed two-digit exponent. */
function numericScientific(value: Numeric, digits: number): string {
  if (value.isZero()) return `${(0).toFixed(digits)}e+00`;
  const abs = value.abs();
  const text = abs.unscaled.toString();
  let exponent = text.length - 1 - abs.scale;
  let mantissa = new Numeric(abs.unscaled, abs.scale + exponent).round(digits);
  if (mantissa.compare(new Numeric(10n, 0)) >= 0) {
    exponent++;
    mantissa = new Numeric(abs.unscaled, abs.scale + exponent).round(digits);
  }
  const sign = value.sign() < 0 ? '-' : '';
  const expText = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return `${sign}${mantissa.toString()}e${expText}`;
}

/** int4_to_char / int8_to_char preparation. */
export function prepareInteger(t: NumberTemplate, value: bigint, bits: 32 | 64): PreparedNumber {
  if (t.roman) return { digits: toRoman(Number(value)), sign: '+', preSpaces: 0 };
  if (t.eeee) {
    const text = exactExponential(Number(value), t.post);
    return { digits: text.startsWith('-') ? text : ' ' + text, sign: '+', preSpaces: 0 };
  }
  let v = value;
  if (t.multi > 0) {
    v = value * 10n ** BigInt(t.multi);
    const limit = bits === 32 ? 2n ** 31n : 2n ** 63n;
    if (v >= limit || v < -limit) {
      throw new SqlError('numeric_value_out_of_range', bits === 32 ? 'integer out of range' : 'bigint out of range');
    }
    t.pre += t.multi;
  }
  let text = (v < 0n ? -v : v).toString();
  const preLength = text.length;
  if (t.post > 0) text += '.' + '0'.repeat(t.post);
  const sign = v < 0n ? '-' : '+';
  if (preLength < t.pre) return { digits: text, sign, preSpaces: t.pre - preLength };
  if (preLength > t.pre) return { digits: overflowFill(t), sign, preSpaces: 0 };
  return { digits: text, sign, preSpaces: 0 };
}

/** float8_to_char / float4_to_char preparation; `maxDigits` is DBL_DIG (15) or FLT_DIG (6). */
export function prepareFloat(t: NumberTemplate, value: number, maxDigits: number): PreparedNumber {
  if (t.roman) return { digits: toRoman(rint(value)), sign: '+', preSpaces: 0 };
  if (t.eeee) {
    if (!Number.isFinite(value)) return { digits: ' ' + '#'.repeat(t.pre) + '.' + '#'.repeat(t.post + 4), sign: '+', preSpaces: 0 };
    const text = exactExponential(value, t.post);
    return { digits: text.startsWith('-') ? text : ' ' + text, sign: '+', preSpaces: 0 };
  }
  let v = value;
  if (t.multi > 0) {
    v = value * 10 ** t.multi;
    t.pre += t.multi;
  }
  if (!Number.isFinite(v)) return { digits: overflowFill(t), sign: v < 0 ? '-' : '+', preSpaces: 0 };
  const integerDigits = exactFixed(Math.abs(v), 0).length;
  if (integerDigits >= maxDigits) t.post = 0;
  else if (integerDigits + t.post > maxDigits) t.post = maxDigits - integerDigits;
  return fitDigits(t, exactFixed(v, t.post));
}
