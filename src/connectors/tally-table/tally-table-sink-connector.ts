// connector = 'jdbc' kept inside Tally: a sink's rows upserted into a Tally table named by its table.name, for demos without a database.
import type { Engine } from '../../engine/engine.js';
import type { FlushPolicy, SinkChange, SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { splitChanges, type SplitPlan } from '../jdbc/change-split.js';
import { jdbcSinkConnector } from '../jdbc/jdbc-sink.js';
import { jdbcSinkSettings } from '../jdbc/jdbc-options.js';
import { checkTargetTable, createTableSql } from './tally-table-ddl.js';

/** Where a stand-in sink writes: the Tally table named by `table.name` (Flink: `connector.table`), schema dropped. */
export function tallyTableOf(spec: SinkSpec): string {
  return jdbcSinkSettings(spec).table;
}

/** Out of whatever the engine is running: the runtime may start a write from inside an epoch or a checkpoint. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes a sink's batches into a Tally table: deletes by key, then upserts (append-only sinks append). The table is
 * created on the first write with the sink's columns and, for an upsert sink, its key as PRIMARY KEY; an existing
 * one must match. Each batch is one epoch of the table, durable with the engine's checkpoint before `write`
 * resolves; a batch applied twice leaves the table as applied once (by key).
 */
class TallyTableWriter implements SinkWriter {
  private tableReady = false;

  constructor(
    private readonly getEngine: () => Engine | undefined,
    private readonly spec: SinkSpec,
    private readonly table: string,
    private readonly plan: SplitPlan,
  ) {}

  async write(changes: readonly SinkChange[]): Promise<void> {
    await nextTurn();
    const engine = this.getEngine();
    if (!engine) throw new Error(`could not write into Tally table "${this.table}": the engine is not open yet`);
    if (!this.tableReady) {
      await ensureTable(engine, this.spec, this.table, this.plan.key);
      this.tableReady = true;
    }
    const { deletes, upserts } = splitChanges(this.plan, changes);
    const rows: Row[] = [...deletes, ...upserts].map((row) => [...row]);
    const weights = [...deletes.map(() => -1), ...upserts.map(() => 1)];
    try {
      engine.applyChanges(this.table, { rows, weights });
    } catch (err) {
      // Dropped meanwhile: the next attempt creates it again.
      if (err instanceof SqlError && err.condition === 'undefined_table') this.tableReady = false;
      throw err;
    }
  }

  async close(): Promise<void> {}
}

/** Creates the table when missing; checks that an existing one can take the sink's rows. */
async function ensureTable(engine: Engine, spec: SinkSpec, table: string, key: readonly number[]): Promise<void> {
  const existing = engine.relation(table);
  if (existing) {
    checkTargetTable(existing, spec.name, spec.columns, key);
    return;
  }
  await engine.execute(createTableSql(table, spec.columns, key), { dialect: 'postgres' });
}

/** A Flink JDBC table whose connector.table is its own name: Tally's table already holds the rows. */
const rowsAlreadyThere: SinkWriter = {
  write: async () => undefined,
  close: async () => undefined,
};

/**
 * The stand-in for `connector = 'jdbc'` sinks (RisingWave's and Flink's options alike, checked as the real sink
 * checks them): instead of a PostgreSQL or MySQL table, a Tally table of the same name in the engine `getEngine`
 * returns, which psql and the dashboard read like any other. Until the engine is open (undefined), writes fail
 * and are retried. `open` checks an existing table; the table is created by the first write.
 */
export function tallyTableSinkConnector(getEngine: () => Engine | undefined): SinkConnector {
  return {
    name: 'jdbc',

    flushPolicy(options: ReadonlyMap<string, string>): FlushPolicy {
      return jdbcSinkConnector.flushPolicy!(options);
    },

    validate(spec: SinkSpec): void {
      jdbcSinkConnector.validate(spec);
    },

    async open(spec: SinkSpec): Promise<SinkWriter> {
      const settings = jdbcSinkSettings(spec);
      if (settings.table === spec.name) return rowsAlreadyThere;
      const key = settings.type === 'upsert' ? settings.key : [];
      const existing = getEngine()?.relation(settings.table);
      if (existing) checkTargetTable(existing, spec.name, spec.columns, key);
      const plan: SplitPlan = { type: settings.type, key, keyTypes: key.map((index) => spec.columns[index]!.type) };
      return new TallyTableWriter(getEngine, spec, settings.table, plan);
    },
  };
}
