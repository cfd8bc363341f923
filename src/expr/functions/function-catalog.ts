// The catalogue: every function and operator overload of the library, indexed by name.
import { arrayFunctions, arrayOperators } from './array.js';
import { comparisonBinaryOperators, comparisonFunctions } from './comparison.js';
import { datetimeBinaryOperators, datetimePrefixOperators } from './datetime-arithmetic.js';
import { datetimeFunctions } from './datetime.js';
import { floatBinaryOperators, floatPrefixOperators } from './float-arithmetic.js';
import type { FunctionDef } from './function-def.js';
import { jsonbFunctions, jsonbOperators } from './jsonb.js';
import { integerBinaryOperators, integerPrefixOperators } from './integer-arithmetic.js';
import { mathFunctions } from './math.js';
import { miscFunctions } from './misc.js';
import { numericBinaryOperators, numericPrefixOperators } from './numeric-arithmetic.js';
import { likeFunctions, likeOperators } from './pattern.js';
import { sessionFunctions } from './session-info.js';
import { regexFunctions, regexOperators } from './regex.js';
import { stringFormatFunctions, concatOperators } from './string-format.js';
import { stringFunctions } from './string.js';
import { timeZoneFunctions, timeZoneOperators } from './time-zone-conversion.js';
import { toCharFunctions } from './to-char.js';
import { toTimestampFunctions } from './to-timestamp.js';

function byName(defs: readonly FunctionDef[]): ReadonlyMap<string, readonly FunctionDef[]> {
  const map = new Map<string, FunctionDef[]>();
  for (const def of defs) {
    const list = map.get(def.name);
    if (list) list.push(def);
    else map.set(def.name, [def]);
  }
  return map;
}

/** Scalar functions by name. */
export const FUNCTIONS = byName([
  ...mathFunctions,
  ...stringFunctions,
  ...stringFormatFunctions,
  ...regexFunctions,
  ...likeFunctions,
  ...arrayFunctions,
  ...comparisonFunctions,
  ...datetimeFunctions,
  ...timeZoneFunctions,
  ...toCharFunctions,
  ...toTimestampFunctions,
  ...miscFunctions,
  ...jsonbFunctions,
  ...sessionFunctions,
]);

/** Binary operators by symbol ('+', '||', '~~', 'at time zone', ...). */
export const BINARY_OPERATORS = byName([
  ...integerBinaryOperators,
  ...floatBinaryOperators,
  ...numericBinaryOperators,
  ...datetimeBinaryOperators,
  ...comparisonBinaryOperators,
  ...concatOperators,
  ...arrayOperators,
  ...likeOperators,
  ...regexOperators,
  ...timeZoneOperators,
  ...jsonbOperators,
]);

/** Prefix operators by symbol ('-', '@', '~', '|/', '||/'). */
export const PREFIX_OPERATORS = byName([
  ...integerPrefixOperators,
  ...floatPrefixOperators,
  ...numericPrefixOperators,
  ...datetimePrefixOperators,
]);
