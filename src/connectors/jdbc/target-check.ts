// Checks a target table against a JDBC sink: every column present and able to take the values, the key unique.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { SqlError } from '../../types/error.js';
import { columnFits, sinkTypeName } from './column-compatibility.js';
import type { TargetColumn, TargetTable } from './target-table.js';

/** What a check needs to know of the sink. */
export interface SinkShape {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly type: 'upsert' | 'append-only';
  readonly key: readonly number[];
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/** `"public.gmv"`: the table as messages name it. */
export const targetDisplayName = (target: { schema: string; name: string }): string => `"${target.schema}.${target.name}"`;

function columnsByName(target: TargetTable, caseInsensitive: boolean): Map<string, TargetColumn> {
  const byName = new Map<string, TargetColumn>();
  for (const column of target.columns) byName.set(caseInsensitive ? column.name.toLowerCase() : column.name, column);
  return byName;
}

function matchColumns(sink: SinkShape, target: TargetTable, caseInsensitive: boolean): TargetColumn[] {
  const byName = columnsByName(target, caseInsensitive);
  const matched: TargetColumn[] = [];
  const missing: string[] = [];
  for (const column of sink.columns) {
    const found = byName.get(caseInsensitive ? column.name.toLowerCase() : column.name);
    if (found) matched.push(found);
    else missing.push(column.name);
  }
  if (missing.length > 0) {
    throw new SqlError('undefined_column', `target table ${targetDisplayName(target)} has no column${missing.length > 1 ? 's' : ''} ${quoted(missing)}`, {
      detail: `Sink "${sink.name}" writes columns ${quoted(sink.columns.map((column) => column.name))}.`,
      hint: 'Add the columns to the target table, or leave them out of the sunk relation.',
    });
  }
  return matched;
}

function checkTypes(sink: SinkShape, target: TargetTable, matched: readonly TargetColumn[]): void {
  const misfits = sink.columns.flatMap((column, index) => {
    const targetColumn = matched[index]!;
    return columnFits(column, targetColumn) ? [] : [`"${targetColumn.name}" ${targetColumn.typeName} for ${sinkTypeName(column.type, column.modifier)}`];
  });
  if (misfits.length > 0) {
    throw new SqlError('datatype_mismatch', `columns of target table ${targetDisplayName(target)} cannot take the values of sink "${sink.name}": ${misfits.join(', ')}`, {
      hint: 'Change the target column types, or cast the columns in the sunk relation.',
    });
  }
}

function checkWritable(sink: SinkShape, target: TargetTable, matched: readonly TargetColumn[]): void {
  const generated = matched.filter((column) => column.generated).map((column) => column.name);
  if (generated.length > 0) {
    throw new SqlError('invalid_parameter_value', `sink "${sink.name}" cannot write generated column${generated.length > 1 ? 's' : ''} ${quoted(generated)} of target table ${targetDisplayName(target)}`, {
      hint: 'Leave the columns out of the sunk relation.',
    });
  }
  const written = new Set(matched);
  const unfilled = target.columns.filter((column) => !written.has(column) && !column.nullable && !column.hasDefault && !column.generated);
  if (unfilled.length > 0) {
    const names = unfilled.map((column) => column.name);
    throw new SqlError('not_null_violation', `target table ${targetDisplayName(target)} has NOT NULL column${names.length > 1 ? 's' : ''} ${quoted(names)} that sink "${sink.name}" does not write`, {
      detail: 'An insert would leave them NULL.',
      hint: 'Give the columns a default or make them nullable, or add them to the sunk relation.',
    });
  }
}

function checkKey(sink: SinkShape, target: TargetTable, matched: readonly TargetColumn[], caseInsensitive: boolean): void {
  if (sink.type !== 'upsert') return;
  const normalize = (name: string): string => (caseInsensitive ? name.toLowerCase() : name);
  const keyNames = sink.key.map((index) => matched[index]!.name);
  const wanted = new Set(keyNames.map(normalize));
  const unique = target.uniqueKeys.some((columns) => columns.length === wanted.size && columns.every((name) => wanted.has(normalize(name))));
  if (!unique) {
    const found = target.uniqueKeys.map((columns) => `(${quoted(columns)})`).join(', ');
    throw new SqlError('invalid_parameter_value', `target table ${targetDisplayName(target)} has no primary key or unique index on (${quoted(keyNames)})`, {
      detail: found === '' ? 'The table has no unique index.' : `Its unique keys are ${found}.`,
      hint: `Upsert sink "${sink.name}" matches rows by that key: add PRIMARY KEY (${keyNames.join(', ')}) or a unique index on those columns.`,
    });
  }
}

/**
 * Checks `target` against the sink at open: each sink column has a target column of that name (MySQL:
 * in any case) able to take its values, no generated column is written, every NOT NULL column without a
 * default is written, and an upsert sink's key is a primary key or unique index of the target (exactly those
 * columns: ON CONFLICT needs one). Returns the target column of each sink column, in sink order; throws
 * SqlError naming the offending columns.
 */
export function checkTarget(sink: SinkShape, target: TargetTable, caseInsensitive: boolean): TargetColumn[] {
  const matched = matchColumns(sink, target, caseInsensitive);
  checkTypes(sink, target, matched);
  checkWritable(sink, target, matched);
  checkKey(sink, target, matched, caseInsensitive);
  return matched;
}
