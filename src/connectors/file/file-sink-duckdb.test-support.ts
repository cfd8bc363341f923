// Reads a file sink's archive back through DuckDB, the independent reader the archive is for.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | undefined;

async function connect(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then(async (instance) => {
    const opened = await instance.connect();
    await opened.run("SET TimeZone = 'UTC'");
    return opened;
  });
  return connection;
}

/** The rows of a DuckDB query, values as the node API gives them (cast to VARCHAR in SQL to compare text). */
export async function duckdbRows(sql: string): Promise<unknown[][]> {
  const reader = await (await connect()).runAndReadAll(sql);
  return reader.getRows() as unknown[][];
}

/** `read_parquet` over every Parquet file under `directory`, with its `dt=`/`hour=` directories as columns. */
export const parquetArchive = (directory: string): string => `read_parquet('${directory}/**/*.parquet', hive_partitioning = true)`;
