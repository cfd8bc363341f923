// Sequence field generators of the datagen connector: start, start + 1, ... up to end.
import { typeDisplayName, type DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import type { FieldOptions } from './field-options.js';
import type { FieldPlan } from './field-plan.js';

/** RisingWave's defaults for `start` and `end`. */
const DEFAULT_START = '0';
const DEFAULT_END = '32767';

/** Rows a sequence of `span + 1` values allows, as a safe number. */
const rowsOf = (span: bigint): number => (span < 0n ? 0 : Number(span >= BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : span + 1n));

/**
 * The sequence generator of a numeric or varchar column (`fields.c.kind = 'sequence'`): row n is start + n,
 * exactly for NUMERIC (1.56, 2.56, ...), as text for VARCHAR. The source ends when a sequence passes its end.
 */
export function sequencePlan(type: DataType, column: string, options: FieldOptions): FieldPlan {
  const checkOrder = (ordered: boolean): void => {
    if (!ordered) {
      throw new SqlError('invalid_parameter_value', `option "${options.name('start')}" must not be greater than "${options.name('end')}"`);
    }
  };
  switch (type) {
    case 'int2':
    case 'int4': {
      const start = options.value('start', type, DEFAULT_START) as number;
      const end = options.value('end', type, DEFAULT_END) as number;
      checkOrder(start <= end);
      return { limit: end - start + 1, generate: (row) => start + row };
    }
    case 'int8':
    case 'varchar': {
      const start = options.value('start', 'int8', DEFAULT_START) as bigint;
      const end = options.value('end', 'int8', DEFAULT_END) as bigint;
      checkOrder(start <= end);
      const limit = rowsOf(end - start);
      return type === 'int8'
        ? { limit, generate: (row) => start + BigInt(row) }
        : { limit, generate: (row) => String(start + BigInt(row)) };
    }
    case 'float4':
    case 'float8': {
      const start = options.value('start', type, DEFAULT_START) as number;
      const end = options.value('end', type, DEFAULT_END) as number;
      checkOrder(start <= end);
      const limit = Math.min(Number.MAX_SAFE_INTEGER, Math.floor(end - start) + 1);
      return { limit, generate: type === 'float4' ? (row) => Math.fround(start + row) : (row) => start + row };
    }
    case 'numeric': {
      const start = options.value('start', type, DEFAULT_START) as Numeric;
      const end = options.value('end', type, DEFAULT_END) as Numeric;
      checkOrder(start.compare(end) <= 0);
      return { limit: rowsOf(end.sub(start).trunc().toBigInt()), generate: (row) => start.add(Numeric.fromInt(row)) };
    }
    default:
      throw new SqlError('feature_not_supported', `datagen cannot generate a sequence of type ${typeDisplayName(type)} for column "${column}"`, {
        hint: "Use fields.<column>.kind = 'random'.",
      });
  }
}
