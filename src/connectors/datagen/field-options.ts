// The `fields.<column>.<option>` options of the datagen connector, read and checked for one column.
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { parseValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';

/** The options a field generator understands; any other `fields.c.x` is refused, to catch typos. */
export const FIELD_OPTION_NAMES: ReadonlySet<string> = new Set([
  'kind',
  'start',
  'end',
  'min',
  'max',
  'length',
  'seed',
  'max_past',
  'max_past_mode',
  'basetime',
]);

/** The options under one prefix (`fields.price.`, or `fields.tags._.` for an array's elements). */
export class FieldOptions {
  constructor(
    private readonly options: ReadonlyMap<string, string>,
    readonly prefix: string,
  ) {}

  /** The options of an array's elements. */
  elements(): FieldOptions {
    return new FieldOptions(this.options, `${this.prefix}_.`);
  }

  get(name: string): string | undefined {
    return this.options.get(this.prefix + name);
  }

  /** The option's full name, for messages. */
  name(option: string): string {
    return this.prefix + option;
  }

  /** The option read with `type`'s text input, or `fallback` when absent; a bad value names the option. */
  value(option: string, type: DataType, fallback?: string): Value | undefined {
    const text = this.get(option) ?? fallback;
    if (text === undefined) return undefined;
    try {
      return parseValue(type, text);
    } catch (err) {
      throw this.invalid(option, text, (err as Error).message);
    }
  }

  /** A whole number option within [min, max]. */
  integer(option: string, fallback: number, min: number, max: number): number {
    const text = this.get(option);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) throw this.invalid(option, text, `Give a whole number from ${min} to ${max}.`);
    return value;
  }

  invalid(option: string, text: string, detail?: string): SqlError {
    return new SqlError('invalid_parameter_value', `invalid value for option "${this.name(option)}": "${text}"`, detail ? { detail } : {});
  }
}
