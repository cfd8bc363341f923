// Builds SourceSpecs for connector and format tests.
import type { ColumnInfo } from '../catalog/catalog.js';
import type { SourceSpec } from '../stream/source.js';
import type { DataType, TypeModifier } from '../types/data-type.js';

/** A column list from `[name, type]` or `[name, type, modifier]` entries. */
export function columns(...entries: readonly (readonly [string, DataType, TypeModifier?])[]): ColumnInfo[] {
  return entries.map(([name, type, modifier]) => (modifier ? { name, type, modifier } : { name, type }));
}

/** A spec named `src` with the given columns, WITH options and optional FORMAT ... ENCODE ... (options). */
export function sourceSpec(
  cols: readonly ColumnInfo[],
  options: Record<string, string> = {},
  format?: { format: string; encode: string; options?: Record<string, string> },
): SourceSpec {
  return {
    name: 'src',
    columns: cols,
    options: new Map(Object.entries(options)),
    ...(format
      ? { format: { format: format.format, encode: format.encode, options: new Map(Object.entries(format.options ?? {})) } }
      : {}),
  };
}
