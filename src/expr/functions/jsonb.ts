// jsonb operators (-> ->> #> #>> ? ?| ?&) and functions (jsonb_typeof, jsonb_array_length, jsonb_extract_path).
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { jsonbContains } from './jsonb-containment.js';
import { jsonbConcat, jsonbDeleteIndex, jsonbDeleteKeys } from './jsonb-edit.js';
import { asText, element, elementSpans, forEachMember, kindOf, member, unquote } from './jsonb-navigation.js';

const INTEGER = /^-?\d+$/;

/** `#>`: follows a path of keys and array indexes (as text); undefined where it leads nowhere. */
function followPath(text: string, path: readonly Value[]): string | undefined {
  let current: string | undefined = text;
  for (const step of path) {
    if (current === undefined || step === null) return undefined;
    const kind = kindOf(current);
    if (kind === 'object') current = member(current, step as string);
    else if (kind === 'array' && INTEGER.test((step as string).trim())) current = element(current, Number(step));
    else return undefined;
  }
  return current;
}

/** `?`: a top-level key, a string element of an array, or the string scalar itself. */
function hasKey(text: string, key: string): boolean {
  switch (kindOf(text)) {
    case 'object': {
      let found = false;
      forEachMember(text, (name) => (found = name === key));
      return found;
    }
    case 'array':
      return elementSpans(text).some(([start, end]) => text.charCodeAt(start) === 34 && unquote(text, start, end) === key);
    case 'string':
      return unquote(text, 0, text.length) === key;
    default:
      return false;
  }
}

function arrayLength(text: string): number {
  const kind = kindOf(text);
  if (kind === 'array') return elementSpans(text).length;
  throw new SqlError('invalid_parameter_value', kind === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
}

const orNull = (v: string | undefined): Value => v ?? null;
const keys = (list: Value): string[] => (list as readonly Value[]).filter((k): k is string => k !== null);

export const jsonbOperators: readonly FunctionDef[] = [
  defineFunction('->', ['jsonb', 'varchar'], 'jsonb', (j, k) => orNull(member(j as string, k as string))),
  defineFunction('->', ['jsonb', 'int4'], 'jsonb', (j, i) => orNull(element(j as string, i as number))),
  defineFunction('->>', ['jsonb', 'varchar'], 'varchar', (j, k) => asText(member(j as string, k as string))),
  defineFunction('->>', ['jsonb', 'int4'], 'varchar', (j, i) => asText(element(j as string, i as number))),
  defineFunction('#>', ['jsonb', 'varchar[]'], 'jsonb', (j, p) => orNull(followPath(j as string, p as readonly Value[]))),
  defineFunction('#>>', ['jsonb', 'varchar[]'], 'varchar', (j, p) => asText(followPath(j as string, p as readonly Value[]))),
  defineFunction('?', ['jsonb', 'varchar'], 'boolean', (j, k) => hasKey(j as string, k as string)),
  defineFunction('?|', ['jsonb', 'varchar[]'], 'boolean', (j, list) => keys(list).some((k) => hasKey(j as string, k))),
  defineFunction('?&', ['jsonb', 'varchar[]'], 'boolean', (j, list) => keys(list).every((k) => hasKey(j as string, k))),
  defineFunction('||', ['jsonb', 'jsonb'], 'jsonb', (a, b) => jsonbConcat(a as string, b as string)),
  defineFunction('-', ['jsonb', 'varchar'], 'jsonb', (j, k) => jsonbDeleteKeys(j as string, [k])),
  defineFunction('-', ['jsonb', 'varchar[]'], 'jsonb', (j, list) => jsonbDeleteKeys(j as string, list as readonly Value[])),
  defineFunction('-', ['jsonb', 'int4'], 'jsonb', (j, i) => jsonbDeleteIndex(j as string, i as number)),
  defineFunction('@>', ['jsonb', 'jsonb'], 'boolean', (a, b) => jsonbContains(a as string, b as string)),
  defineFunction('<@', ['jsonb', 'jsonb'], 'boolean', (a, b) => jsonbContains(b as string, a as string)),
];

export const jsonbFunctions: readonly FunctionDef[] = [
  defineFunction('jsonb_typeof', ['jsonb'], 'varchar', (j) => kindOf(j as string)),
  defineFunction('jsonb_array_length', ['jsonb'], 'int4', (j) => arrayLength(j as string)),
  defineFunction(
    'jsonb_extract_path',
    ['jsonb', 'varchar'],
    'jsonb',
    (args) => {
      const [json, ...path] = args as readonly Value[];
      return json === null ? null : orNull(followPath(json as string, path));
    },
    { variadic: true, strict: false },
  ),
  defineFunction(
    'jsonb_extract_path_text',
    ['jsonb', 'varchar'],
    'varchar',
    (args) => {
      const [json, ...path] = args as readonly Value[];
      return json === null ? null : asText(followPath(json as string, path));
    },
    { variadic: true, strict: false },
  ),
];
