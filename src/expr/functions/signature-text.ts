// How function and operator signatures are spelled in PostgreSQL's error messages.
import type { DataType } from '../../types/data-type.js';
import { typeDisplayName } from '../../types/data-type.js';

/** A type as PostgreSQL's format_type prints it; Tally's varchar is PostgreSQL's text, so it prints as text. */
export function typeText(type: DataType): string {
  if (type === 'varchar') return 'text';
  if (type === 'varchar[]') return 'text[]';
  return typeDisplayName(type);
}

/** `round(text, integer)` */
export function functionSignature(name: string, argTypes: readonly DataType[]): string {
  return `${name}(${argTypes.map(typeText).join(', ')})`;
}

/** `integer + text` or, for a prefix operator, `- text` */
export function operatorSignature(op: string, left: DataType | undefined, right: DataType): string {
  return left === undefined ? `${op} ${typeText(right)}` : `${typeText(left)} ${op} ${typeText(right)}`;
}
