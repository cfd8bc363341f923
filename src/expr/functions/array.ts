// Array functions and operators: string_to_array, array_to_string, array_length, array_append, ||, @>, <@, &&, ...
import type { DataType, ScalarType } from '../../types/data-type.js';
import { elementType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { notDistinctFor } from './comparison.js';
import { defineBuilt, defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { textOutput } from './string-format.js';

type List = readonly Value[];

/** string_to_array(s, delimiter [, null_string]): a NULL delimiter splits into characters, '' gives one element. */
function stringToArray(s: Value, delimiter: Value, nullString: Value): Value {
  if (s === null) return null;
  const text = s as string;
  if (text === '') return [];
  let parts: string[];
  if (delimiter === null) parts = Array.from(text);
  else if (delimiter === '') parts = [text];
  else parts = text.split(delimiter as string);
  if (nullString === null) return parts;
  return parts.map((p) => (p === nullString ? null : p));
}

function arrayToStringBuilder(type: DataType, withNullString: boolean) {
  const output = textOutput(elementType(type));
  return {
    impl: (array: Value, delimiter: Value, nullString?: Value): Value => {
      if (array === null || delimiter === null) return null;
      const parts: string[] = [];
      for (const element of array as List) {
        if (element !== null) parts.push(output(element));
        else if (withNullString && nullString !== null && nullString !== undefined) parts.push(nullString as string);
      }
      return parts.join(delimiter as string);
    },
  };
}

/** array_length/array_upper for dimension 1 (Tally's arrays have one dimension); NULL for empty arrays. */
const lengthOf = (array: Value, dimension: Value): Value => {
  const length = (array as List).length;
  return dimension === 1 && length > 0 ? length : null;
};

function arrayPosition(type: DataType) {
  const same = notDistinctFor(elementType(type));
  return (array: Value, value: Value, start?: Value): Value => {
    if (array === null) return null;
    if (start === null) throw new SqlError('invalid_parameter_value', 'initial position must not be null');
    const list = array as List;
    for (let i = Math.max(((start as number | undefined) ?? 1) - 1, 0); i < list.length; i++) {
      if (same(list[i]!, value)) return i + 1;
    }
    return null;
  };
}

/** @> (contains), <@ (is contained by), && (overlaps): NULL elements never match, as in PostgreSQL. */
function containsAll(type: DataType) {
  const same = notDistinctFor(elementType(type));
  return (outer: Value, inner: Value): boolean =>
    (inner as List).every((x) => x !== null && (outer as List).some((y) => y !== null && same(x, y)));
}

function overlaps(type: DataType) {
  const same = notDistinctFor(elementType(type));
  return (a: Value, b: Value): boolean => (a as List).some((x) => x !== null && (b as List).some((y) => y !== null && same(x, y)));
}

const append = (array: Value, value: Value): Value => [...((array as List | null) ?? []), value];
const prepend = (value: Value, array: Value): Value => [value, ...((array as List | null) ?? [])];
const concat = (a: Value, b: Value): Value => (a === null ? b : b === null ? a : [...(a as List), ...(b as List)]);

const ARRAY = 'anycompatiblearray';
const ELEMENT = 'anycompatible';

/** The array operators (registered as binary operators). */
export const arrayOperators: readonly FunctionDef[] = [
  defineFunction('||', [ARRAY, ARRAY], ARRAY, concat, { strict: false }),
  defineFunction('||', [ARRAY, ELEMENT], ARRAY, append, { strict: false }),
  defineFunction('||', [ELEMENT, ARRAY], ARRAY, prepend, { strict: false }),
  defineBuilt('@>', [ARRAY, ARRAY], 'boolean', ({ argTypes }) => ({ impl: containsAll(argTypes[0]!) })),
  defineBuilt('<@', [ARRAY, ARRAY], 'boolean', ({ argTypes }) => {
    const contains = containsAll(argTypes[0]!);
    return { impl: (a, b) => contains(b, a) };
  }),
  defineBuilt('&&', [ARRAY, ARRAY], 'boolean', ({ argTypes }) => ({ impl: overlaps(argTypes[0]!) })),
];

export const arrayFunctions: readonly FunctionDef[] = [
  defineFunction('string_to_array', ['varchar', 'varchar'], 'varchar[]', (s, d) => stringToArray(s, d, null), { strict: false }),
  defineFunction('string_to_array', ['varchar', 'varchar', 'varchar'], 'varchar[]', stringToArray, { strict: false }),
  defineBuilt('array_to_string', ['anyarray', 'varchar'], 'varchar', ({ argTypes }) => arrayToStringBuilder(argTypes[0]!, false)),
  defineBuilt('array_to_string', ['anyarray', 'varchar', 'varchar'], 'varchar', ({ argTypes }) => arrayToStringBuilder(argTypes[0]!, true), {
    strict: false,
  }),
  defineFunction('array_length', ['anyarray', 'int4'], 'int4', lengthOf),
  defineFunction('array_upper', ['anyarray', 'int4'], 'int4', lengthOf),
  defineFunction('array_lower', ['anyarray', 'int4'], 'int4', (a, d) => (lengthOf(a, d) === null ? null : 1)),
  defineFunction('array_ndims', ['anyarray'], 'int4', (a) => ((a as List).length > 0 ? 1 : null)),
  defineFunction('cardinality', ['anyarray'], 'int4', (a) => (a as List).length),
  defineFunction('array_append', [ARRAY, ELEMENT], ARRAY, append, { strict: false }),
  defineFunction('array_prepend', [ELEMENT, ARRAY], ARRAY, prepend, { strict: false }),
  defineFunction('array_cat', [ARRAY, ARRAY], ARRAY, concat, { strict: false }),
  defineBuilt('array_position', [ARRAY, ELEMENT], 'int4', ({ argTypes }) => ({ impl: arrayPosition(argTypes[0]!) }), { strict: false }),
  defineBuilt('array_position', [ARRAY, ELEMENT, 'int4'], 'int4', ({ argTypes }) => ({ impl: arrayPosition(argTypes[0]!) }), {
    strict: false,
  }),
  defineBuilt(
    'array_remove',
    [ARRAY, ELEMENT],
    ARRAY,
    ({ argTypes }) => {
      const same = notDistinctFor(elementType(argTypes[0]!) as ScalarType);
      return { impl: (a, v) => (a === null ? null : (a as List).filter((x) => !same(x, v))) };
    },
    { strict: false },
  ),
];
