// Builds SinkSpecs for sink connector tests.
import type { ColumnInfo } from '../catalog/catalog.js';
import type { SinkSpec } from '../stream/sink.js';

/** What a test sets of a sink; the rest defaults to an append-only sink named `snk` without a primary key. */
export interface SinkSpecParts {
  readonly name?: string;
  readonly options?: Record<string, string>;
  readonly format?: { format: string; encode: string; options?: Record<string, string> };
  readonly type?: 'upsert' | 'append-only';
  /** Primary key column names. */
  readonly primaryKey?: readonly string[];
}

/** A spec over `columns` with the given WITH options, FORMAT clause, type and primary key (by column name). */
export function sinkSpec(columns: readonly ColumnInfo[], parts: SinkSpecParts = {}): SinkSpec {
  const primaryKey = (parts.primaryKey ?? []).map((name) => {
    const index = columns.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`no column ${name}`);
    return index;
  });
  return {
    name: parts.name ?? 'snk',
    columns,
    options: new Map(Object.entries(parts.options ?? {})),
    ...(parts.format
      ? { format: { format: parts.format.format, encode: parts.format.encode, options: new Map(Object.entries(parts.format.options ?? {})) } }
      : {}),
    type: parts.type ?? 'append-only',
    primaryKey,
  };
}
