// Where state entries go at a checkpoint: the receiving end of operator and table state deltas.

/** Receives changed state entries at a checkpoint. Keys are the owner's own; whoever collects them adds a prefix. */
export interface StateWriter {
  put(key: Uint8Array, bytes: Uint8Array): void;
  delete(key: Uint8Array): void;
}
