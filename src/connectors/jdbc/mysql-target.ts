// A MySQL/MariaDB target table: read from information_schema, or created from the sink's columns.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { isArrayType, type ScalarType } from '../../types/data-type.js';
import type { TargetColumn, TargetKind, TargetTable } from './target-table.js';

/** What the describe and create statements need of a connection (mysql2/promise connections fit). */
export interface MysqlQueryable {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

/** A MySQL identifier in backquotes. */
export const quoteMysql = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

export const mysqlTableName = (database: string, table: string): string => `${quoteMysql(database)}.${quoteMysql(table)}`;

interface ColumnRow {
  name: string;
  dataType: string;
  columnType: string;
  nullable: 'YES' | 'NO';
  columnDefault: string | null;
  extra: string;
  maxLength: number | string | null;
  numericPrecision: number | string | null;
  numericScale: number | string | null;
}
interface IndexRow { indexName: string; columnName: string; subPart: number | null }

const KINDS: ReadonlyMap<string, TargetKind> = new Map([
  ['tinyint', 'integer'], ['smallint', 'integer'], ['mediumint', 'integer'], ['int', 'integer'], ['integer', 'integer'],
  ['bigint', 'integer'], ['decimal', 'numeric'], ['numeric', 'numeric'], ['float', 'float'], ['double', 'float'],
  ['real', 'float'], ['char', 'text'], ['varchar', 'text'], ['tinytext', 'text'], ['text', 'text'],
  ['mediumtext', 'text'], ['longtext', 'text'], ['binary', 'binary'], ['varbinary', 'binary'], ['tinyblob', 'binary'],
  ['blob', 'binary'], ['mediumblob', 'binary'], ['longblob', 'binary'], ['date', 'date'], ['time', 'time'],
  ['datetime', 'timestamp'], ['timestamp', 'timestamptz'], ['json', 'json'], ['enum', 'textual'], ['set', 'textual'],
]);
const BYTES: Readonly<Record<string, number>> = {
  tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 8, float: 4, double: 8, real: 8,
};
/** `extra` of a generated column: 'VIRTUAL GENERATED', 'STORED GENERATED' (MariaDB also 'PERSISTENT'). */
const GENERATED = /\b(VIRTUAL|STORED|PERSISTENT)\b/i;

const TABLE_SQL = `SELECT table_type AS tableType FROM information_schema.tables WHERE table_schema = ? AND table_name = ?`;

const COLUMNS_SQL = `SELECT column_name AS name, data_type AS dataType, column_type AS columnType, is_nullable AS nullable,
    column_default AS columnDefault, extra, character_maximum_length AS maxLength,
    numeric_precision AS numericPrecision, numeric_scale AS numericScale
  FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position`;

/** Unique indexes; one on a prefix of a column (sub_part) does not identify rows by the column's value. */
const INDEXES_SQL = `SELECT index_name AS indexName, column_name AS columnName, sub_part AS subPart
  FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND non_unique = 0
  ORDER BY index_name, seq_in_index`;

const numberOrUndefined = (value: number | string | null): number | undefined => (value === null ? undefined : Number(value));

function targetColumn(row: ColumnRow): TargetColumn {
  const dataType = row.dataType.toLowerCase();
  const kind = KINDS.get(dataType) ?? 'other';
  const bytes = BYTES[dataType];
  const length = numberOrUndefined(row.maxLength);
  const precision = numberOrUndefined(row.numericPrecision);
  return {
    name: row.name,
    kind,
    // Display widths ('smallint(6)') say nothing of the range; tinyint(1) is how BOOLEAN shows.
    typeName: row.columnType.toLowerCase().replace(/^(smallint|mediumint|int|bigint|tinyint(?!\(1\)))\(\d+\)/, '$1'),
    castType: '',
    ...(bytes !== undefined ? { bytes } : {}),
    ...(/\bunsigned\b/i.test(row.columnType) ? { unsigned: true } : {}),
    ...(kind === 'numeric' && precision !== undefined ? { precision, scale: numberOrUndefined(row.numericScale) ?? 0 } : {}),
    ...(kind === 'text' && length !== undefined ? { length } : {}),
    nullable: row.nullable === 'YES',
    // MariaDB shows a nullable column without a default as the text 'NULL'; a NOT NULL one without a default as NULL.
    hasDefault: row.columnDefault !== null || /auto_increment/i.test(row.extra),
    generated: GENERATED.test(row.extra),
  };
}

function uniqueKeys(rows: readonly IndexRow[]): string[][] {
  const byIndex = new Map<string, { columns: string[]; prefix: boolean }>();
  for (const row of rows) {
    let index = byIndex.get(row.indexName);
    if (!index) byIndex.set(row.indexName, (index = { columns: [], prefix: false }));
    index.columns.push(row.columnName);
    if (row.subPart !== null) index.prefix = true;
  }
  return [...byIndex.values()].filter((index) => !index.prefix).map((index) => index.columns);
}

/** The target `table` in `database`, or undefined when there is none; `tableType` tells tables from views. */
export async function describeMysqlTable(db: MysqlQueryable, database: string, table: string): Promise<(TargetTable & { tableType: string }) | undefined> {
  const [tables] = (await db.query(TABLE_SQL, [database, table])) as [{ tableType: string }[], unknown];
  const found = tables[0];
  if (!found) return undefined;
  const [columns] = (await db.query(COLUMNS_SQL, [database, table])) as [ColumnRow[], unknown];
  const [indexes] = (await db.query(INDEXES_SQL, [database, table])) as [IndexRow[], unknown];
  return { schema: database, name: table, tableType: found.tableType, columns: columns.map(targetColumn), uniqueKeys: uniqueKeys(indexes) };
}

/** Key columns must be indexable: at most 3072 bytes per index in InnoDB, so text keys get a bounded VARCHAR. */
const KEY_TEXT_LENGTH = 255;
/** Without precision, the widest exact DECIMAL (MySQL has no unconstrained one). */
const WIDEST_DECIMAL = 'DECIMAL(65,30)';

const SCALAR_DDL: Record<ScalarType, string> = {
  boolean: 'BOOLEAN', int2: 'SMALLINT', int4: 'INT', int8: 'BIGINT', float4: 'FLOAT', float8: 'DOUBLE',
  numeric: WIDEST_DECIMAL, varchar: 'LONGTEXT', bytea: 'LONGBLOB', date: 'DATE', time: 'TIME(6)',
  timestamp: 'DATETIME(6)', timestamptz: 'DATETIME(6)', interval: 'VARCHAR(100)', jsonb: 'JSON', unknown: 'LONGTEXT',
};

/** The MySQL type of a created column; text keeps case and trailing blanks distinct through a no-pad binary collation. */
export function mysqlColumnType(column: ColumnInfo, isKey: boolean, binaryCollation: string): string {
  if (isArrayType(column.type)) return isKey ? `VARCHAR(${KEY_TEXT_LENGTH}) COLLATE ${binaryCollation}` : 'LONGTEXT';
  const modifier = column.modifier;
  switch (column.type) {
    case 'numeric': {
      const { precision, scale = 0 } = modifier ?? {};
      return precision !== undefined && precision <= 65 && scale >= 0 && scale <= 30 ? `DECIMAL(${precision},${scale})` : WIDEST_DECIMAL;
    }
    case 'varchar':
    case 'unknown': {
      const length = modifier?.length;
      if (isKey) return `VARCHAR(${length ?? KEY_TEXT_LENGTH}) COLLATE ${binaryCollation}`;
      return `${length !== undefined && length <= KEY_TEXT_LENGTH ? `VARCHAR(${length})` : 'LONGTEXT'} COLLATE ${binaryCollation}`;
    }
    case 'bytea': return isKey ? `VARBINARY(${KEY_TEXT_LENGTH})` : 'LONGBLOB';
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const base = column.type === 'time' ? 'TIME' : 'DATETIME';
      return `${base}(${modifier?.precision ?? 6})`;
    }
    default: return SCALAR_DDL[column.type];
  }
}

/** CREATE TABLE IF NOT EXISTS with the sink's columns and, for upsert sinks, its key as the primary key. */
export function mysqlCreateTable(database: string, table: string, columns: readonly ColumnInfo[], key: readonly number[], binaryCollation: string): string {
  const keySet = new Set(key);
  const definitions = columns.map((column, index) =>
    `${quoteMysql(column.name)} ${mysqlColumnType(column, keySet.has(index), binaryCollation)}${column.notNull || keySet.has(index) ? ' NOT NULL' : ' NULL'}`);
  if (key.length > 0) definitions.push(`PRIMARY KEY (${key.map((index) => quoteMysql(columns[index]!.name)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${mysqlTableName(database, table)} (${definitions.join(', ')}) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = ${binaryCollation}`;
}

/** The binary collation that tells 'a' from 'A' and 'a' from 'a ' as Tally does, the best the server has. */
export async function mysqlBinaryCollation(db: MysqlQueryable): Promise<string> {
  const [rows] = (await db.query(
    `SELECT collation_name AS name FROM information_schema.collations WHERE collation_name IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')`,
  )) as [{ name: string }[], unknown];
  return rows[0]?.name ?? 'utf8mb4_bin';
}
