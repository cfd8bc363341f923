// Tests of the MySQL statements: their text, and chunking under the packet size and row limit.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { Row } from '../../types/value.js';
import { mysqlChunks, mysqlStatements } from './mysql-statements.js';
import { mysqlLiteral } from './value-params.js';

const columns: ColumnInfo[] = [{ name: 'k', type: 'int4' }, { name: 'r', type: 'varchar' }, { name: 'v', type: 'varchar' }];
const literals = columns.map(mysqlLiteral);

describe('mysqlStatements', () => {
  it('upserts with ON DUPLICATE KEY UPDATE of the non-key columns and deletes by row constructors', () => {
    const statements = mysqlStatements({ database: 'db', table: 't`x', columns: ['k', 'r', 'v'], type: 'upsert', key: [0, 1] });
    const rows: Row[] = [[1, 'a', "it's"], [2, 'b', null]];
    expect([...mysqlChunks(statements.write, rows, literals, { maxChars: 1e6, maxRows: 100 })]).toEqual([
      "INSERT INTO `db`.`t``x` (`k`, `r`, `v`) VALUES (1, 'a', 'it\\'s'),(2, 'b', NULL) ON DUPLICATE KEY UPDATE `v` = VALUES(`v`)",
    ]);
    expect([...mysqlChunks(statements.delete!, rows, literals, { maxChars: 1e6, maxRows: 100 })]).toEqual([
      "DELETE FROM `db`.`t``x` WHERE (`k`, `r`) IN ((1, 'a'),(2, 'b'))",
    ]);
    const single = mysqlStatements({ database: 'db', table: 't', columns: ['k', 'r', 'v'], type: 'upsert', key: [0] });
    expect([...mysqlChunks(single.delete!, rows, literals, { maxChars: 1e6, maxRows: 100 })]).toEqual(['DELETE FROM `db`.`t` WHERE `k` IN (1,2)']);
    const allKey = mysqlStatements({ database: 'db', table: 't', columns: ['k'], type: 'upsert', key: [0] });
    expect(allKey.write.suffix).toBe(' ON DUPLICATE KEY UPDATE `k` = VALUES(`k`)');
    const append = mysqlStatements({ database: 'db', table: 't', columns: ['k', 'r', 'v'], type: 'append-only', key: [] });
    expect(append.delete).toBeUndefined();
    expect(append.write.suffix).toBe('');
  });

  it('starts a new statement before one would pass the size or row limit', () => {
    const statements = mysqlStatements({ database: 'd', table: 't', columns: ['k', 'r', 'v'], type: 'append-only', key: [] });
    const rows: Row[] = Array.from({ length: 10 }, (_, i) => [i, 'x'.repeat(10), null]);
    const bySize = [...mysqlChunks(statements.write, rows, literals, { maxChars: 120, maxRows: 100 })];
    expect(bySize.length).toBeGreaterThan(1);
    for (const sql of bySize) expect(sql.length).toBeLessThanOrEqual(120);
    expect(bySize.join('').match(/\(\d+, 'x{10}', NULL\)/g)).toHaveLength(10);
    expect([...mysqlChunks(statements.write, rows, literals, { maxChars: 1e6, maxRows: 3 })]).toHaveLength(4);
    // A row larger than the limit still gets a statement of its own.
    expect([...mysqlChunks(statements.write, [[1, 'y'.repeat(500), null]], literals, { maxChars: 100, maxRows: 3 })]).toHaveLength(1);
    expect([...mysqlChunks(statements.write, [], literals, { maxChars: 100, maxRows: 3 })]).toEqual([]);
  });
});
