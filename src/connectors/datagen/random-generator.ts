// Random field generators of the datagen connector, one per column type, deterministic for a seed.
import { MICROS_PER_DAY } from '../../types/calendar.js';
import type { DataType, TypeModifier } from '../../types/data-type.js';
import { quoteJsonString } from '../../types/jsonb-text.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import type { FieldOptions } from './field-options.js';
import type { FieldPlan, GenerationContext } from './field-plan.js';
import type { SeededRandom } from './seeded-random.js';

/** RisingWave's defaults: numbers in [0, 32767], strings of 10 characters. */
const DEFAULT_MIN = '0';
const DEFAULT_MAX = '32767';
const DEFAULT_LENGTH = 10;
const MAX_LENGTH = 1 << 20;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MICROS_PER_MONTH = 30n * MICROS_PER_DAY;

type Draw = (random: SeededRandom, context: GenerationContext) => ReturnType<FieldPlan['generate']>;

/** Total microseconds of an interval, months as 30 days (as PostgreSQL's interval comparison counts them). */
const intervalMicros = (interval: Interval): bigint =>
  BigInt(interval.months) * MICROS_PER_MONTH + BigInt(interval.days) * MICROS_PER_DAY + interval.micros;

function randomString(random: SeededRandom, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += ALPHANUMERIC[random.below(ALPHANUMERIC.length)];
  return text;
}

/**
 * The random generator of a column (`fields.c.kind = 'random'`, the default), with `min`/`max` bounds
 * (inclusive), `length` for strings and bytea, `seed`. NUMERIC values are exact, at the column's scale or
 * else the larger scale of `min` and `max`. Timestamps: with `max_past` (an interval), a time at most that
 * far before a base (`basetime`; else, with `max_past_mode = 'relative'`, the poll's time; else the time
 * the source started); with `min`/`max`, a time between them; otherwise the poll's time. Dates likewise
 * default to the current date.
 */
export function randomPlan(type: DataType, modifier: TypeModifier | undefined, options: FieldOptions, seed: number): FieldPlan {
  const draw = randomDraw(type, modifier, options);
  return { limit: Infinity, generate: (row, context) => draw(context.random.at(seed, row), context) };
}

function randomDraw(type: DataType, modifier: TypeModifier | undefined, options: FieldOptions): Draw {
  const bound = (name: 'min' | 'max', boundType: DataType, fallback?: string) => options.value(name, boundType, fallback);
  switch (type) {
    case 'boolean':
      return (random) => (random.uint32() & 1) === 1;
    case 'int2':
    case 'int4': {
      const [min, max] = ordered(options, bound('min', type, DEFAULT_MIN) as number, bound('max', type, DEFAULT_MAX) as number);
      return (random) => min + random.below(max - min + 1);
    }
    case 'int8': {
      const [min, max] = ordered(options, bound('min', type, DEFAULT_MIN) as bigint, bound('max', type, DEFAULT_MAX) as bigint);
      return (random) => min + random.bigBelow(max - min + 1n);
    }
    case 'float4':
    case 'float8': {
      const [min, max] = ordered(options, bound('min', type, DEFAULT_MIN) as number, bound('max', type, DEFAULT_MAX) as number);
      const round = type === 'float4' ? Math.fround : (value: number) => value;
      return (random) => round(min + random.float() * (max - min));
    }
    case 'numeric': {
      const min = bound('min', type, DEFAULT_MIN) as Numeric;
      const max = bound('max', type, DEFAULT_MAX) as Numeric;
      const scale = modifier?.scale ?? (modifier?.precision !== undefined ? 0 : Math.max(min.scale, max.scale));
      const [low, high] = ordered(options, min.withScale(scale).unscaled, max.withScale(scale).unscaled);
      return (random) => new Numeric(low + random.bigBelow(high - low + 1n), scale);
    }
    case 'varchar': {
      const length = Math.min(options.integer('length', DEFAULT_LENGTH, 0, MAX_LENGTH), modifier?.length ?? MAX_LENGTH);
      return (random) => randomString(random, length);
    }
    case 'bytea': {
      const length = options.integer('length', DEFAULT_LENGTH, 0, MAX_LENGTH);
      return (random) => {
        const bytes = new Uint8Array(length);
        for (let index = 0; index < length; index++) bytes[index] = random.uint32() & 0xff;
        return bytes;
      };
    }
    case 'jsonb': {
      const [min, max] = ordered(options, bound('min', 'int8', DEFAULT_MIN) as bigint, bound('max', 'int8', DEFAULT_MAX) as bigint);
      return (random) => `{"id": ${min + random.bigBelow(max - min + 1n)}, "tag": ${quoteJsonString(randomString(random, DEFAULT_LENGTH))}}`;
    }
    case 'date': {
      const min = bound('min', type) as number | undefined;
      const max = bound('max', type) as number | undefined;
      if (min === undefined || max === undefined) return (_, context) => Number(context.nowMicros / MICROS_PER_DAY);
      const [low, high] = ordered(options, min, max);
      return (random) => low + random.below(high - low + 1);
    }
    case 'time': {
      const [min, max] = ordered(options, bound('min', type, '00:00:00') as number, bound('max', type, '23:59:59.999999') as number);
      return (random) => min + random.below(max - min + 1);
    }
    case 'timestamp':
    case 'timestamptz':
      return timestampDraw(type, options);
    case 'interval': {
      const min = intervalMicros(bound('min', type, '0') as Interval);
      const max = intervalMicros(bound('max', type, '1 hour') as Interval);
      const [low, high] = ordered(options, min, max);
      return (random) => Interval.fromMicros(low + random.bigBelow(high - low + 1n));
    }
    default:
      return () => null;
  }
}

function timestampDraw(type: 'timestamp' | 'timestamptz', options: FieldOptions): Draw {
  const maxPast = options.value('max_past', 'interval') as Interval | undefined;
  if (maxPast !== undefined) {
    const past = intervalMicros(maxPast);
    if (past < 0n) throw options.invalid('max_past', options.get('max_past')!, 'The interval must not be negative.');
    const mode = options.get('max_past_mode') ?? 'absolute';
    if (mode !== 'absolute' && mode !== 'relative') throw options.invalid('max_past_mode', mode, "Use 'absolute' or 'relative'.");
    const base = options.value('basetime', type) as bigint | undefined;
    return (random, context) => (base ?? (mode === 'relative' ? context.nowMicros : context.startedAtMicros)) - random.bigBelow(past + 1n);
  }
  const min = options.value('min', type) as bigint | undefined;
  const max = options.value('max', type) as bigint | undefined;
  if (min === undefined || max === undefined) return (_, context) => context.nowMicros;
  const [low, high] = ordered(options, min, max);
  return (random) => low + random.bigBelow(high - low + 1n);
}

/** [min, max] after checking min <= max. */
function ordered<T extends number | bigint>(options: FieldOptions, min: T, max: T): [T, T] {
  if (min > max) throw options.invalid('min', options.get('min') ?? String(min), `It must not be greater than "${options.name('max')}".`);
  return [min, max];
}
