// The output half of PostgreSQL's NUM_processor: lays prepared digits out along a numeric to_char template.
import type { NumberTemplate, PreparedNumber } from './to-char-number.js';

/** English ordinal suffix of the number's last digit ('teens' take th), PostgreSQL's get_th. */
function ordinalSuffix(digits: string, upper: boolean): string {
  const last = digits[digits.length - 1]!;
  let suffix = 'th';
  if (!(digits.length > 1 && digits[digits.length - 2] === '1')) {
    if (last === '1') suffix = 'st';
    else if (last === '2') suffix = 'nd';
    else if (last === '3') suffix = 'rd';
  }
  return upper ? suffix.toUpperCase() : suffix;
}

/** Index of the last significant character after the decimal point (the point itself if none), or -1. */
function lastRelevantDigit(digits: string): number {
  const point = digits.indexOf('.');
  if (point < 0) return -1;
  let result = point;
  for (let i = point + 1; i < digits.length; i++) if (digits[i] !== '0') result = i;
  return result;
}

/** Renders `prepared` along template `t` (whose pre/post the preparation may have adjusted). */
export function renderNumber(t: NumberTemplate, prepared: PreparedNumber): string {
  if (t.eeee) return prepared.digits;
  const number = prepared.digits;
  const roman = t.roman;
  const pre = roman ? 0 : t.pre;
  const post = roman ? 0 : t.post;
  const isZero = t.zeroStart > 0;
  const zeroStart = t.zeroStart > 0 ? t.zeroStart - 1 : 0;
  const fillMode = t.fillMode;
  const sign = roman ? '' : prepared.sign;
  const outPreSpaces = roman ? 0 : prepared.preSpaces;
  let lsign = roman ? 'none' : t.lsign;
  let bracket = t.bracket;
  let signWrote: boolean;
  if (t.plus || t.minus) {
    signWrote = !(t.plus && !t.minus);
  } else {
    if (sign !== '-' && fillMode) bracket = false;
    signWrote = sign === '+' && fillMode && lsign === 'none';
    if (lsign === 'pre' && pre === t.preLsignNum) lsign = 'post';
  }
  let numCount = post + pre - 1;
  let lastRelevant = -1;
  if (fillMode && t.decimal) {
    lastRelevant = lastRelevantDigit(number);
    if (lastRelevant >= 0 && t.zeroEnd > outPreSpaces) {
      const lastZero = Math.min(number.length - 1, t.zeroEnd - outPreSpaces);
      if (lastRelevant < lastZero) lastRelevant = lastZero;
    }
  }
  if (!signWrote && outPreSpaces === 0) numCount++;

  let out = '';
  let numCurr = 0;
  let numberP = 0;
  let numIn = false;
  const relevantIsPoint = (): boolean => lastRelevant >= 0 && number[lastRelevant] === '.';
  const predecSpace = (): boolean => !isZero && numberP === 0 && number[0] === '0' && post !== 0;

  const digitPosition = (keyword: string): void => {
    if (roman) return;
    numIn = false;
    if (!signWrote && (numCurr >= outPreSpaces || (isZero && zeroStart === numCurr)) && (!predecSpace() || relevantIsPoint())) {
      if (lsign !== 'none') {
        if (lsign === 'pre') {
          out += sign === '-' ? '-' : '+';
          signWrote = true;
        }
      } else if (bracket) {
        out += sign === '+' ? ' ' : '<';
        signWrote = true;
      } else if (sign === '+') {
        if (!fillMode) out += ' ';
        signWrote = true;
      } else if (sign === '-') {
        out += '-';
        signWrote = true;
      }
    }
    if (numCurr < outPreSpaces && (zeroStart > numCurr || !isZero)) {
      if (!fillMode) out += ' ';
    } else if (isZero && numCurr < outPreSpaces && zeroStart <= numCurr) {
      out += '0';
      numIn = true;
    } else {
      if (number[numberP] === '.') {
        if (!relevantIsPoint() || fillMode) out += '.';
      } else if (lastRelevant >= 0 && numberP > lastRelevant && keyword !== '0') {
        // Insignificant trailing zero in fill mode.
      } else if (predecSpace()) {
        if (!fillMode) out += ' ';
        else if (relevantIsPoint()) out += '0';
      } else {
        // Past the end of the digits C writes its terminating NUL, which ends the output.
        out += number[numberP] ?? '\u0000';
        numIn = true;
      }
      if (numberP < number.length) numberP++;
    }
    let end = numCount + (outPreSpaces ? 1 : 0) + (t.decimal ? 1 : 0);
    if (lastRelevant >= 0 && lastRelevant === numberP) end = numCurr;
    if (numCurr + 1 === end) {
      if (signWrote && bracket) out += sign === '+' ? ' ' : '>';
      else if (lsign === 'post') out += sign === '-' ? '-' : '+';
    }
    numCurr++;
  };

  for (const node of t.nodes) {
    if ('text' in node) {
      out += node.text;
      continue;
    }
    switch (node.keyword) {
      case '9':
      case '0':
      case '.':
      case 'D':
        digitPosition(node.keyword);
        break;
      case ',':
      case 'G':
        if (numIn) out += ',';
        else if (!fillMode) out += ' ';
        break;
      case 'L':
        out += ' ';
        break;
      case 'RN':
      case 'rn': {
        const text = node.keyword === 'rn' ? number.toLowerCase() : number;
        out += fillMode ? text : text.padStart(15);
        break;
      }
      case 'TH':
      case 'th':
        if (roman || number[0] === '#' || sign === '-' || t.decimal) break;
        out += ordinalSuffix(number, node.keyword === 'TH');
        break;
      case 'MI':
        if (sign === '-') out += '-';
        else if (!fillMode) out += ' ';
        break;
      case 'PL':
        if (sign === '+') out += '+';
        else if (!fillMode) out += ' ';
        break;
      case 'SG':
        out += sign;
        break;
      default:
        break;
    }
  }
  const nul = out.indexOf('\u0000');
  return nul < 0 ? out : out.slice(0, nul);
}
