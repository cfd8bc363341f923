// PostgreSQL as the oracle of the differential test: embedded PGlite by default, a server when TALLY_DIFF_PG_URL is set.
import { PGlite, types } from '@electric-sql/pglite';
import type { Results } from '@electric-sql/pglite';
import type { TextResult, TextRow } from './text-result.js';

/** The schema every differential object lives in, so that a server's other objects are never touched. */
const SCHEMA = 'tally_diff';
const USE_SCHEMA = `SET search_path TO ${SCHEMA}`;

/** Session settings that fix PostgreSQL's text output to the forms Tally produces. */
const SESSION_SETTINGS = [
  `SET TimeZone = 'UTC'`,
  `SET DateStyle = 'ISO, MDY'`,
  `SET IntervalStyle = 'postgres'`,
  `SET extra_float_digits = 1`,
];

/** A view as PostgreSQL evaluates it. */
export interface OracleView {
  readonly name: string;
  readonly sql: string;
}

/** What a workload needs to exist in PostgreSQL: tables (created empty) and plain views over them. */
export interface OracleSetup {
  readonly ddl: readonly string[];
  readonly tables: readonly string[];
  readonly views: readonly OracleView[];
}

/**
 * PostgreSQL, driven one statement at a time. The differential test calls `prepare` once per workload,
 * `execute` for every generated statement and `snapshot` after every batch.
 */
export interface Oracle {
  /** Makes the setup's tables exist and be empty, and its views exist. */
  prepare(setup: OracleSetup): Promise<void>;
  /** Runs one statement; throws PostgreSQL's error. */
  execute(statement: string): Promise<void>;
  /** The current contents of the named views (or tables), as text, in one round trip. */
  snapshot(names: readonly string[]): Promise<Map<string, TextResult>>;
  /** Where the oracle runs, for messages. */
  readonly description: string;
  close(): Promise<void>;
}

/** The minimal query interface both PGlite and a node-postgres client are adapted to. */
export interface TextQueryRunner {
  /** Runs a text of one or more statements; returns one result per statement, every value as text. */
  run(sql: string): Promise<TextResult[]>;
  close(): Promise<void>;
}

/** Opens the oracle: the server at TALLY_DIFF_PG_URL if set, else an embedded PGlite. */
export async function openOracle(url = process.env.TALLY_DIFF_PG_URL): Promise<Oracle> {
  const runner = url ? await openServerRunner(url) : await openPgliteTextRunner();
  await runner.run(SESSION_SETTINGS.join(';\n'));
  return oracleOver(runner, url ? `PostgreSQL at ${url.replace(/\/\/[^@/]*@/, '//')}` : 'PGlite (embedded PostgreSQL)');
}

/**
 * An oracle over an open connection. Every call selects the oracle's schema first, so that the connection
 * can be shared (the harness's own tests run a stand-in for Tally in another schema of the same database).
 */
export function oracleOver(runner: TextQueryRunner, description: string): Oracle {
  return new SqlOracle(runner, description);
}

class SqlOracle implements Oracle {
  private preparedSignature: string | null = null;
  private preparedTables: readonly string[] = [];

  constructor(
    private readonly runner: TextQueryRunner,
    readonly description: string,
  ) {}

  async prepare(setup: OracleSetup): Promise<void> {
    const signature = JSON.stringify(setup);
    if (signature === this.preparedSignature) {
      // Same tables and views as the previous workload: emptying the tables is much cheaper than re-creating.
      await this.runner.run(`${USE_SCHEMA}; TRUNCATE ${this.preparedTables.map(quoteIdentifier).join(', ')}`);
      return;
    }
    this.preparedSignature = null;
    await this.runner.run(
      `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}; ${USE_SCHEMA}`,
    );
    for (const statement of setup.ddl) await this.runChecked(statement, 'creating a table');
    for (const view of setup.views) {
      await this.runChecked(`CREATE VIEW ${quoteIdentifier(view.name)} AS ${view.sql}`, `creating view "${view.name}"`);
    }
    this.preparedSignature = signature;
    this.preparedTables = setup.tables;
  }

  async execute(statement: string): Promise<void> {
    await this.runner.run(`${USE_SCHEMA}; ${statement}`);
  }

  async snapshot(names: readonly string[]): Promise<Map<string, TextResult>> {
    const snapshot = new Map<string, TextResult>();
    if (names.length === 0) return snapshot;
    const selects = names.map((name) => `SELECT * FROM ${quoteIdentifier(name)}`);
    const results = await this.runner.run([USE_SCHEMA, ...selects].join(';\n'));
    // results[0] is the SET's.
    names.forEach((name, nameIdx) => snapshot.set(name, results[nameIdx + 1]!));
    return snapshot;
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  private async runChecked(statement: string, what: string): Promise<void> {
    try {
      await this.runner.run(`${USE_SCHEMA}; ${statement}`);
    } catch (error) {
      throw new Error(`PostgreSQL failed ${what}: ${errorMessage(error)}\n${statement}`, { cause: error });
    }
  }
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Parsers that keep every value as PostgreSQL's text, for every type PGlite would otherwise convert. */
const TEXT_PARSERS = Object.fromEntries(Object.keys(types.parsers).map((oid) => [oid, (text: string) => text]));

/** A fresh embedded PostgreSQL that answers in text, with the session settings Tally's text forms assume. */
export async function openPgliteTextRunner(): Promise<TextQueryRunner> {
  const database = new PGlite();
  await database.waitReady;
  await database.exec(SESSION_SETTINGS.join(';\n'));
  return {
    async run(sql) {
      const results = await database.exec(sql, { rowMode: 'array', parsers: TEXT_PARSERS });
      return results.map(toTextResult);
    },
    close: () => database.close(),
  };
}

function toTextResult(result: Results): TextResult {
  return {
    columns: result.fields.map((field) => field.name),
    rows: result.rows as TextRow[],
  };
}

/** The part of node-postgres this file uses. */
interface PgClient {
  connect(): Promise<void>;
  query(config: {
    text: string;
    rowMode: 'array';
    types: { getTypeParser: () => (text: string) => string };
  }): Promise<PgResult | PgResult[]>;
  end(): Promise<void>;
}

interface PgResult {
  readonly fields: readonly { name: string }[];
  readonly rows: TextRow[];
}

/** node-postgres is not a dependency of Tally; it is used only if someone has installed it locally. */
async function openServerRunner(url: string): Promise<TextQueryRunner> {
  const moduleName = 'pg';
  let Client: new (config: { connectionString: string }) => PgClient;
  try {
    ({ Client } = ((await import(moduleName)) as { default: { Client: typeof Client } }).default);
  } catch (error) {
    throw new Error(
      `TALLY_DIFF_PG_URL is set but the "pg" package is not installed (${errorMessage(error)}); ` +
        'unset TALLY_DIFF_PG_URL to use the embedded PGlite',
      { cause: error },
    );
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  const keepText = { getTypeParser: () => (text: string) => text };
  return {
    async run(sql) {
      const result = await client.query({ text: sql, rowMode: 'array', types: keepText });
      return (Array.isArray(result) ? result : [result]).map((part) => ({
        columns: (part.fields ?? []).map((field) => field.name),
        rows: part.rows ?? [],
      }));
    },
    close: () => client.end(),
  };
}
