// What one checkpoint changes (CheckpointDelta) and what the store hands back on restore.
import type { StatePack } from './state-pack.js';

/** A JSON value: source positions and sink progress are stored as JSON. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The changes of one epoch, committed together by `CheckpointStore.commit`. Every part is optional. Within a
 * part, deletes apply before puts (a key both deleted and put ends up put), and state prefix drops before both.
 */
export interface CheckpointDelta {
  /** DDL statements created or replaced: name -> definition text (see `CheckpointStore.catalog` for order). */
  readonly catalogPuts?: Iterable<readonly [name: string, definition: string]>;
  readonly catalogDeletes?: Iterable<string>;
  /** Source positions (offsets) and sink progress, by source or sink name; kept until replaced or deleted. */
  readonly positions?: Iterable<readonly [name: string, position: JsonValue]>;
  readonly positionDeletes?: Iterable<string>;
  /** Operator state entries: key (`stateKey`) -> bytes (e.g. `encodeRow`). Keys may be of any length. */
  readonly statePuts?: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>;
  readonly stateDeletes?: Iterable<Uint8Array>;
  /**
   * Operator state entries already packed, as the runtime writes them (applied before `stateDeletes` and
   * `statePuts`, deletes before puts as above).
   */
  readonly statePack?: { readonly deletes: StatePack; readonly puts: StatePack };
  /** Every state entry under these prefixes (a dropped job's `stateKeyPrefix`), atomically with the rest. */
  readonly stateDropPrefixes?: Iterable<Uint8Array>;
}

/** The last committed checkpoint: its epoch and every source position as of that epoch. */
export interface Checkpoint {
  readonly epoch: number;
  readonly positions: Map<string, JsonValue>;
}

/** One DDL statement of the catalog; `sequence` orders replay. */
export interface CatalogEntry {
  readonly name: string;
  readonly definition: string;
  readonly sequence: number;
}
