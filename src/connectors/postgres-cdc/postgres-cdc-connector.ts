// connector = 'postgres-cdc': a PostgreSQL table followed through logical replication (pgoutput).
import type { SourceConnector, SourceReader, SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { postgresCdcSettings } from './postgres-cdc-options.js';
import { PostgresCdcReader, type PostgresCdcTuning } from './postgres-cdc-reader.js';

/** Updates and deletes name rows by key: only a TABLE with a PRIMARY KEY can take them. */
function checkKeyed(spec: SourceSpec): void {
  if (spec.primaryKey === undefined || spec.primaryKey.length > 0) return;
  throw new SqlError('invalid_parameter_value', 'connector "postgres-cdc" needs a TABLE with a PRIMARY KEY', {
    hint: "Use CREATE TABLE t (..., PRIMARY KEY (...)) WITH (connector = 'postgres-cdc', ...) with the upstream table's key.",
  });
}

function checkNoFormat(spec: SourceSpec): void {
  if (!spec.format) return;
  throw new SqlError('invalid_parameter_value', 'connector "postgres-cdc" takes no FORMAT clause', {
    detail: 'Its changes come from the upstream table itself, decoded from the logical replication stream.',
  });
}

/**
 * A postgres-cdc source connector. Options: see `postgresCdcSettings`. `validate` checks the options (the
 * upstream table and its columns are checked by `open`, which needs the server).
 */
export function createPostgresCdcConnector(tuning: PostgresCdcTuning = {}): SourceConnector {
  return {
    name: 'postgres-cdc',

    validate(spec: SourceSpec): void {
      postgresCdcSettings(spec);
      checkKeyed(spec);
      checkNoFormat(spec);
    },

    open(spec: SourceSpec, position: unknown): Promise<SourceReader> {
      return PostgresCdcReader.open(spec, postgresCdcSettings(spec), position, tuning);
    },
  };
}

/** The postgres-cdc connector the engine registers. */
export const postgresCdcConnector: SourceConnector = createPostgresCdcConnector();
