// CommandComplete tags as PostgreSQL writes them, from the engine's statement results.

/**
 * PostgreSQL's tag for an engine tag. The engine names DDL as RisingWave does (`CREATE_MATERIALIZED_VIEW`,
 * `DROP_TABLE`), which become `CREATE MATERIALIZED VIEW`, `DROP TABLE`; SHOW reports no row count (`SHOW`);
 * `SELECT n`, `INSERT 0 n`, `UPDATE n`, `DELETE n` and the rest pass as they are. For a portal read in parts,
 * `rowCount` replaces the count of a SELECT with the rows of the last part, as PostgreSQL reports it.
 */
export function commandTag(engineTag: string, rowCount?: number): string {
  if (engineTag.startsWith('CREATE_') || engineTag.startsWith('DROP_')) return engineTag.replace(/_/g, ' ');
  if (engineTag.startsWith('SHOW')) return 'SHOW';
  if (rowCount !== undefined && engineTag.startsWith('SELECT ')) return `SELECT ${rowCount}`;
  return engineTag;
}
