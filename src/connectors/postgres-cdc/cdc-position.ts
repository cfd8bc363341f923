// The checkpointed position of a postgres-cdc table: its replication slot, a WAL position, the snapshot's progress.
import { SqlError } from '../../types/error.js';
import { formatLsn, parseLsn } from './lsn.js';

/** How far the initial snapshot got: rows are read in `key` order, and those up to `after` are taken. */
export interface SnapshotProgress {
  /** The upstream primary key the snapshot is read in the order of; empty when there is none (no resuming). */
  readonly key: readonly string[];
  /** The key values (PostgreSQL text) of the last row taken; undefined before the first. */
  readonly after?: readonly (string | null)[];
}

/**
 * Where a postgres-cdc table stands. While `snapshot` is given the initial snapshot is under way and `lsn` is
 * the slot's starting point; afterwards `lsn` is the end of the last transaction handed out (or a position
 * with nothing for the table before it), where streaming resumes.
 */
export interface CdcPosition {
  readonly slot: string;
  readonly lsn: bigint;
  readonly snapshot?: SnapshotProgress;
}

/** The position as JSON: `{"slot", "lsn": "16/B374D848", "snapshot"?: {"key": [...], "after"?: [...]}}`. */
export function cdcPositionJson(position: CdcPosition): unknown {
  const json: Record<string, unknown> = { slot: position.slot, lsn: formatLsn(position.lsn) };
  if (position.snapshot) {
    json.snapshot = position.snapshot.after
      ? { key: position.snapshot.key, after: position.snapshot.after }
      : { key: position.snapshot.key };
  }
  return json;
}

const isTextArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isKeyValues = (value: unknown): value is (string | null)[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' || item === null);

/** Checks a position from a checkpoint: undefined or null (start with a new snapshot) or what `cdcPositionJson` returned. */
export function parseCdcPosition(position: unknown): CdcPosition | undefined {
  if (position === undefined || position === null) return undefined;
  const bad = (): never => {
    throw new SqlError('invalid_parameter_value', 'invalid checkpoint position for a postgres-cdc source', {
      detail: `Expected {"slot": "...", "lsn": "X/Y", "snapshot"?: {"key": [...], "after"?: [...]}}, got ${JSON.stringify(position)}.`,
    });
  };
  if (typeof position !== 'object' || Array.isArray(position)) return bad();
  const { slot, lsn, snapshot } = position as { slot?: unknown; lsn?: unknown; snapshot?: unknown };
  const parsedLsn = typeof lsn === 'string' ? parseLsn(lsn) : undefined;
  if (typeof slot !== 'string' || slot === '' || parsedLsn === undefined) return bad();
  if (snapshot === undefined || snapshot === null) return { slot, lsn: parsedLsn };
  if (typeof snapshot !== 'object') return bad();
  const { key, after } = snapshot as { key?: unknown; after?: unknown };
  if (!isTextArray(key)) return bad();
  if (after === undefined || after === null) return { slot, lsn: parsedLsn, snapshot: { key } };
  if (!isKeyValues(after) || after.length !== key.length) return bad();
  return { slot, lsn: parsedLsn, snapshot: { key, after } };
}
