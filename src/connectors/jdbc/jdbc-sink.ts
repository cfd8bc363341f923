// The `connector = 'jdbc'` sink: upserts and deletes (or appends) into a PostgreSQL or MySQL/MariaDB table.
import type { FlushPolicy, SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { jdbcFlushSettings } from './flush-settings.js';
import { jdbcSinkSettings, type JdbcSinkSettings } from './jdbc-options.js';
import { openMysqlWriter } from './mysql-writer.js';
import { openPostgresWriter } from './postgres-writer.js';
import { targetError } from './target-error.js';

/** The options' own password can only be masked once it is known: take it from the options directly. */
function secretsOf(spec: SinkSpec): string[] {
  return ['password', 'connector.password'].flatMap((name) => {
    const value = spec.options.get(name);
    return value === undefined ? [] : [value];
  });
}

function settingsOf(spec: SinkSpec): JdbcSinkSettings {
  try {
    return jdbcSinkSettings(spec);
  } catch (err) {
    throw targetError(err, `invalid options for sink "${spec.name}"`, secretsOf(spec));
  }
}

/**
 * RisingWave's `connector = 'jdbc'` (seeds 000, 001) and Flink's `connector.type = 'jdbc'` (seed 003): see
 * `jdbcSinkSettings` for the options and `jdbcFlushSettings` for the flush triggers the driver reads.
 * `validate` checks the options without connecting; `open` connects, checks or creates the target table and
 * returns a writer that applies each batch in one target transaction. Every error has its passwords masked.
 */
export const jdbcSinkConnector: SinkConnector = {
  name: 'jdbc',

  /** Flink's flush options; a trigger set to 0 is off (the other one, and checkpoints, still seal). */
  flushPolicy(options: ReadonlyMap<string, string>): FlushPolicy {
    const { maxRows, intervalMs } = jdbcFlushSettings(options);
    return { maxRows: maxRows === 0 ? Infinity : maxRows, intervalMs: intervalMs === 0 ? Infinity : intervalMs };
  },

  validate(spec: SinkSpec): void {
    settingsOf(spec);
  },

  async open(spec: SinkSpec): Promise<SinkWriter> {
    const settings = settingsOf(spec);
    return settings.url.dialect === 'postgres' ? openPostgresWriter(spec, settings) : openMysqlWriter(spec, settings);
  },
};
