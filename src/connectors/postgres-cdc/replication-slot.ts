// The logical replication slot of a postgres-cdc table: created with an exported snapshot, checked, dropped.
import type pg from 'pg';
import { SqlError } from '../../types/error.js';
import { parseLsn } from './lsn.js';
import { quoteIdentifier } from './quote-identifier.js';
import { describeUpstreamError, sqlStateOf } from './upstream-connection.js';
import type { Queryable } from './upstream-table.js';

/** A new slot: where its stream starts, and the snapshot of the data just before that point. */
export interface CreatedSlot {
  readonly consistentPoint: bigint;
  /** Valid until the replication connection that created the slot runs its next command. */
  readonly snapshotName: string;
}

interface SlotRow { plugin: string | null; database: string | null; slot_type: string }

const OBJECT_IN_USE = '55006';
/** A walsender that just lost its client takes a moment to let go of its slot. */
const IN_USE_RETRIES = 20;
const IN_USE_WAIT_MS = 250;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `err` is the server saying a slot is in use by another connection. */
export const isSlotInUse = (err: unknown): boolean => sqlStateOf(err) === OBJECT_IN_USE;

/**
 * Whether slot `name` exists; throws when a slot of that name exists but is not a pgoutput slot of `database`
 * (it belongs to something else and must not be used or dropped).
 */
export async function slotExists(client: Queryable, name: string, database: string): Promise<boolean> {
  const slot = (await client.query<SlotRow>(
    'SELECT plugin::text AS plugin, database::text AS database, slot_type FROM pg_catalog.pg_replication_slots WHERE slot_name = $1',
    [name],
  )).rows[0];
  if (!slot) return false;
  if (slot.slot_type !== 'logical' || slot.plugin !== 'pgoutput' || slot.database !== database) {
    throw new SqlError('invalid_parameter_value', `replication slot "${name}" is not a pgoutput slot of database "${database}"`, {
      hint: 'Give another slot.name.',
    });
  }
  return true;
}

/** Creates a logical slot for pgoutput on a replication connection, exporting the snapshot of its starting point. */
export async function createSlot(replication: pg.Client, name: string): Promise<CreatedSlot> {
  let row: { consistent_point?: string; snapshot_name?: string } | undefined;
  try {
    row = (await replication.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT ${quoteIdentifier(name)} LOGICAL pgoutput EXPORT_SNAPSHOT`,
    )).rows[0];
  } catch (err) {
    throw new SqlError('invalid_parameter_value', `could not create replication slot "${name}": ${describeUpstreamError(err)}`);
  }
  const consistentPoint = row?.consistent_point === undefined ? undefined : parseLsn(row.consistent_point);
  if (consistentPoint === undefined || !row?.snapshot_name) {
    throw new SqlError('internal_error', `CREATE_REPLICATION_SLOT returned no starting point for slot "${name}"`);
  }
  return { consistentPoint, snapshotName: row.snapshot_name };
}

/** Drops slot `name` if it exists, waiting a little for a connection that just ended to let go of it. */
export async function dropSlot(client: Queryable, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.query('SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1', [name]);
      return;
    } catch (err) {
      if (!isSlotInUse(err) || attempt >= IN_USE_RETRIES) {
        throw new SqlError('invalid_parameter_value', `could not drop replication slot "${name}": ${describeUpstreamError(err)}`);
      }
      await sleep(IN_USE_WAIT_MS);
    }
  }
}

/** Runs `start` again while the slot is in use by a connection that is going away. */
export async function whileSlotInUse<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (!isSlotInUse(err) || attempt >= IN_USE_RETRIES) throw err;
      await sleep(IN_USE_WAIT_MS);
    }
  }
}
