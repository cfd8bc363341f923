// Miscellaneous functions: greatest/least, pg_typeof, version, gen_random_uuid.
import { randomUUID } from 'node:crypto';
import type { Value } from '../../types/value.js';
import { compareFor } from './comparison.js';
import { defineBuilt, defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { typeText } from './signature-text.js';

/** The server version reported by version(); clients parse its leading "PostgreSQL x.y". */
export const SERVER_VERSION = 'PostgreSQL 15.0 (Tally 0.1.0)';

/** GREATEST/LEAST: NULLs are ignored; the result is NULL only when every argument is NULL. */
function extreme(name: 'greatest' | 'least'): FunctionDef {
  const sign = name === 'greatest' ? 1 : -1;
  return defineBuilt(
    name,
    ['anycompatible'],
    'anycompatible',
    ({ returnType }) => {
      const compare = compareFor(returnType);
      return {
        impl: (values) => {
          let best: Value = null;
          for (const v of values as readonly Value[]) {
            if (v !== null && (best === null || compare(v, best) * sign > 0)) best = v;
          }
          return best;
        },
      };
    },
    { variadic: true, strict: false },
  );
}

export const miscFunctions: readonly FunctionDef[] = [
  extreme('greatest'),
  extreme('least'),
  defineBuilt('pg_typeof', ['any'], 'varchar', ({ argTypes }) => {
    const name = typeText(argTypes[0]!);
    return { impl: () => name };
  }, { strict: false }),
  defineFunction('version', [], 'varchar', () => SERVER_VERSION),
  defineFunction('gen_random_uuid', [], 'varchar', () => randomUUID(), { volatile: true }),
];
