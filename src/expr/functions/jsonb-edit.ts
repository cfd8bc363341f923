// jsonb || and - : concatenation and deletion, rebuilding canonical text from the operands' canonical parts.
import { SqlError } from '../../types/error.js';
import { compareJsonbKeys, quoteJsonString } from '../../types/jsonb-text.js';
import type { Value } from '../../types/value.js';
import { elementSpans, forEachMember, kindOf, unquote } from './jsonb-navigation.js';

type Member = [key: string, value: string];

function membersOf(text: string): Member[] {
  const members: Member[] = [];
  forEachMember(text, (key, start, end) => {
    members.push([key, text.slice(start, end)]);
  });
  return members;
}

const objectText = (members: readonly Member[]): string => `{${members.map(([k, v]) => `${quoteJsonString(k)}: ${v}`).join(', ')}}`;
const arrayText = (elements: readonly string[]): string => `[${elements.join(', ')}]`;
const elementsOf = (text: string): string[] => elementSpans(text).map(([start, end]) => text.slice(start, end));

/** jsonb_concat: objects merge (right wins), everything else concatenates as arrays. */
export function jsonbConcat(left: string, right: string): string {
  const leftKind = kindOf(left);
  const rightKind = kindOf(right);
  if (leftKind === 'object' && rightKind === 'object') {
    const merged = new Map<string, string>(membersOf(left));
    for (const [key, value] of membersOf(right)) merged.set(key, value);
    return objectText([...merged].sort((a, b) => compareJsonbKeys(a[0], b[0])));
  }
  const leftElements = leftKind === 'array' ? elementsOf(left) : [left];
  const rightElements = rightKind === 'array' ? elementsOf(right) : [right];
  return arrayText([...leftElements, ...rightElements]);
}

const cannotDeleteFromScalar = (): SqlError => new SqlError('invalid_parameter_value', 'cannot delete from scalar');

/** jsonb - text[] (and - text): drops object keys, or string elements of an array. */
export function jsonbDeleteKeys(text: string, keys: readonly Value[]): string {
  const kind = kindOf(text);
  const drop = new Set(keys.filter((k): k is string => k !== null));
  if (kind === 'object') return objectText(membersOf(text).filter(([key]) => !drop.has(key)));
  if (kind === 'array') {
    return arrayText(elementsOf(text).filter((e) => !(kindOf(e) === 'string' && drop.has(unquote(e, 0, e.length)))));
  }
  throw cannotDeleteFromScalar();
}

/** jsonb - integer: drops an array element (negative indexes count from the end). */
export function jsonbDeleteIndex(text: string, index: number): string {
  const kind = kindOf(text);
  if (kind === 'object') throw new SqlError('invalid_parameter_value', 'cannot delete from object using integer index');
  if (kind !== 'array') throw cannotDeleteFromScalar();
  const elements = elementsOf(text);
  const position = index < 0 ? elements.length + index : index;
  if (position < 0 || position >= elements.length) return text;
  elements.splice(position, 1);
  return arrayText(elements);
}
