// tally_sinks: each running sink's delivery — what it writes where, how far it got, and why it is failing if it is.
import { defineSystemRelation } from './system-relation.js';

/** Where a sink stands: its writer is being opened (or its open waits to be retried), delivering, or retrying a write. */
export type SinkState = 'opening' | 'running' | 'retrying';

/** A sink as the engine reports it; the engine's sink runner fills these in when tally_sinks is read. */
export interface SinkStatus {
  readonly name: string;
  readonly connector: string;
  /** The relation the sink writes out. */
  readonly relation: string;
  readonly type: 'upsert' | 'append-only';
  /** Changes the target confirmed. */
  readonly delivered: number;
  /** Changes sealed for delivery and not yet confirmed. */
  readonly pending: number;
  /** Failed writes and opens, each retried. */
  readonly errors: number;
  /** The reason of the last failure, passwords masked; stays after a recovery. */
  readonly lastError: string | undefined;
  /** Deletes and old rows an append-only sink dropped (force_append_only). */
  readonly droppedRetractions: number;
  readonly state: SinkState;
}

/**
 * Not a PostgreSQL catalog: Tally's own, found as `tally_sinks` or `pg_catalog.tally_sinks` (as PostgreSQL keeps
 * its pg_stat_* views there). An OID from PostgreSQL's range for development, which its releases never keep.
 * Only superusers see rows: other users are shown no sinks anywhere (SHOW SINKS, the catalogs), and a sink's errors
 * name its target.
 */
export const tallySinks = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'tally_sinks',
  oid: 9990,
  relkind: 'v',
  columns: {
    name: 'name',
    connector: 'text',
    relation: 'name',
    type: 'text',
    delivered: 'int8',
    pending: 'int8',
    errors: 'int8',
    last_error: 'text',
    dropped_retractions: 'int8',
    state: 'text',
  },
  rows: (context) => {
    if (context.access !== undefined) return [];
    return (context.sinkStatuses?.() ?? []).map((sink) => ({
      name: sink.name,
      connector: sink.connector,
      relation: sink.relation,
      type: sink.type,
      delivered: BigInt(sink.delivered),
      pending: BigInt(sink.pending),
      errors: BigInt(sink.errors),
      last_error: sink.lastError ?? null,
      dropped_retractions: BigInt(sink.droppedRetractions),
      state: sink.state,
    }));
  },
});
