// to_char(value, template) for timestamps and numbers; a constant template is parsed once per plan.
import { toChar } from '../../types/datetime.js';
import type { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { SESSION_ZONE } from './datetime.js';
import { defineFunction, deferringErrors } from './function-def.js';
import type { FunctionDef, Impl, Specializer } from './function-def.js';
import { renderNumber } from './number-template-processor.js';
import { parseNumberTemplate, prepareFloat, prepareInteger, prepareNumeric } from './to-char-number.js';
import type { NumberTemplate, PreparedNumber } from './to-char-number.js';

type Prepare = (template: NumberTemplate, value: Value) => PreparedNumber;

/** to_char for one number type: the template is copied per call because preparation adjusts its digit counts. */
function numberToChar(prepare: Prepare): { impl: Impl; specialize: Specializer } {
  const render = (template: NumberTemplate, value: Value): string => {
    const working = { ...template };
    return renderNumber(working, prepare(working, value));
  };
  return {
    impl: (value, format) => render(parseNumberTemplate(format as string), value),
    specialize: (constants) => {
      const format = constants[1];
      if (typeof format !== 'string') return (value, f) => render(parseNumberTemplate(f as string), value);
      const template = parseNumberTemplate(format);
      return (value) => render(template, value);
    },
  };
}

const NUMBER_KINDS: readonly [FunctionDef['params'][number], Prepare][] = [
  ['numeric', (t, v) => prepareNumeric(t, v as Numeric)],
  ['int4', (t, v) => prepareInteger(t, BigInt(v as number), 32)],
  ['int8', (t, v) => prepareInteger(t, v as bigint, 64)],
  ['float4', (t, v) => prepareFloat(t, v as number, 6)],
  ['float8', (t, v) => prepareFloat(t, v as number, 15)],
];

export const toCharFunctions: readonly FunctionDef[] = [
  defineFunction('to_char', ['timestamp', 'varchar'], 'varchar', (ts, f) => toChar(ts as bigint, f as string)),
  defineFunction('to_char', ['timestamptz', 'varchar'], 'varchar', (ts, f) => toChar(ts as bigint, f as string, SESSION_ZONE)),
  ...NUMBER_KINDS.map(([type, prepare]) => {
    const { impl, specialize } = numberToChar(prepare);
    return defineFunction('to_char', [type, 'varchar'], 'varchar', impl, { specialize: deferringErrors(specialize, impl) });
  }),
];
