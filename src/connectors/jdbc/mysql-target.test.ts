// Tests of the MySQL target's DDL: exact decimals, indexable keys, a binary no-pad collation for text.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { mysqlColumnType, mysqlCreateTable } from './mysql-target.js';

const collation = 'utf8mb4_nopad_bin';
const type = (column: Omit<ColumnInfo, 'name'>, isKey = false): string => mysqlColumnType({ name: 'c', ...column }, isKey, collation);

describe('mysqlCreateTable', () => {
  it('creates the key NOT NULL and as primary key, text with a binary collation', () => {
    const columns: ColumnInfo[] = [
      { name: 'code', type: 'varchar' },
      { name: 'day', type: 'date' },
      { name: 'gmv', type: 'numeric' },
    ];
    expect(mysqlCreateTable('test', 'g`mv', columns, [0, 1], collation)).toBe(
      'CREATE TABLE IF NOT EXISTS `test`.`g``mv` (`code` VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL, `day` DATE NOT NULL, ' +
        '`gmv` DECIMAL(65,30) NULL, PRIMARY KEY (`code`, `day`)) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_nopad_bin',
    );
  });

  it('maps types: DECIMAL(p,s) when MySQL has it, DATETIME(6) for both timestamps, bounded text for keys', () => {
    expect(type({ type: 'numeric', modifier: { precision: 20, scale: 2 } })).toBe('DECIMAL(20,2)');
    expect(type({ type: 'numeric', modifier: { precision: 80, scale: 2 } })).toBe('DECIMAL(65,30)');
    expect(type({ type: 'timestamptz' })).toBe('DATETIME(6)');
    expect(type({ type: 'timestamp', modifier: { precision: 3 } })).toBe('DATETIME(3)');
    expect(type({ type: 'time' })).toBe('TIME(6)');
    expect(type({ type: 'varchar', modifier: { length: 40 } })).toBe(`VARCHAR(40) COLLATE ${collation}`);
    expect(type({ type: 'varchar', modifier: { length: 4000 } })).toBe(`LONGTEXT COLLATE ${collation}`);
    expect(type({ type: 'varchar' }, true)).toBe(`VARCHAR(255) COLLATE ${collation}`);
    expect(type({ type: 'bytea' })).toBe('LONGBLOB');
    expect(type({ type: 'bytea' }, true)).toBe('VARBINARY(255)');
    expect(type({ type: 'boolean' })).toBe('BOOLEAN');
    expect(type({ type: 'int8' })).toBe('BIGINT');
    expect(type({ type: 'float4' })).toBe('FLOAT');
    expect(type({ type: 'jsonb' })).toBe('JSON');
    expect(type({ type: 'int4[]' })).toBe('LONGTEXT');
    expect(type({ type: 'interval' })).toBe('VARCHAR(100)');
  });
});
