import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatement } from '../sql/index.js';
import { Engine } from './engine.js';

let engine: Engine;

beforeAll(async () => {
  engine = await Engine.open();
  await engine.execute("CREATE TABLE orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC(10,2)); INSERT INTO orders VALUES (1, 'S1', 2.50)");
});

afterAll(async () => {
  await engine.close();
});

const describeSql = (sql: string, parameterTypes: Parameters<Engine['describe']>[1] = []): ReturnType<Engine['describe']> =>
  engine.describe(parseStatement(sql), parameterTypes);

describe('Engine.describe', () => {
  it('gives the columns of a query without running it', () => {
    expect(describeSql('SELECT id, total * 2 AS twice, seller FROM orders')).toEqual([
      { name: 'id', type: 'int4' }, { name: 'twice', type: 'numeric' }, { name: 'seller', type: 'varchar' },
    ]);
  });

  it('binds parameters with their declared types, untyped ones as unknown', () => {
    expect(describeSql('SELECT $1 + 1 AS next, $2 AS raw FROM orders WHERE id = $3', ['int8', 'unknown', 'unknown'])).toEqual([
      { name: 'next', type: 'int8' }, { name: 'raw', type: 'unknown' },
    ]);
  });

  it('gives the RETURNING columns of DML, and nothing for DML without it or DDL', () => {
    expect(describeSql('DELETE FROM orders o WHERE id = 9 RETURNING o.id, upper(seller) AS s')).toEqual([
      { name: 'id', type: 'int4' }, { name: 's', type: 'varchar' },
    ]);
    expect(describeSql("INSERT INTO orders VALUES (2, 'S2', 1) RETURNING *")?.map((c) => c.name)).toEqual(['id', 'seller', 'total']);
    expect(describeSql("UPDATE orders SET seller = 'S3' WHERE id = 9")).toBeUndefined();
    expect(describeSql('CREATE TABLE other (a INT)')).toBeUndefined();
    expect(describeSql('BEGIN')).toBeUndefined();
  });

  it('changes nothing', async () => {
    describeSql("INSERT INTO orders VALUES (3, 'S3', 1) RETURNING id");
    describeSql('CREATE TABLE other (a INT)');
    const [count] = await engine.execute('SELECT count(*) AS n FROM orders');
    expect(count).toMatchObject({ rows: [[1n]] });
    await expect(engine.execute('SELECT * FROM other')).rejects.toThrow('relation "other" does not exist');
  });

  it('gives the columns of SHOW and EXPLAIN', () => {
    expect(describeSql('SHOW TABLES')).toEqual([{ name: 'Name', type: 'varchar' }]);
    expect(describeSql('EXPLAIN SELECT * FROM orders')).toEqual([{ name: 'QUERY PLAN', type: 'varchar' }]);
  });

  it('reports what binding finds wrong', () => {
    expect(() => describeSql('SELECT nope FROM orders')).toThrow('column "nope" does not exist');
  });

  it('runs transaction statements as accepted no-ops with their tags', async () => {
    const results = await engine.execute('BEGIN; START TRANSACTION; COMMIT; ROLLBACK');
    expect(results.map((r) => r.tag)).toEqual(['BEGIN', 'START TRANSACTION', 'COMMIT', 'ROLLBACK']);
  });
});
