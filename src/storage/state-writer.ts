// Where state entries go at a checkpoint: the receiving end of operator and table state deltas.

/**
 * Receives changed state entries at a checkpoint. Keys are the owner's own; whoever collects them adds a prefix.
 * `put` reads `key` and `bytes` before it returns and keeps neither: a caller may hand over the encoder's own
 * buffer (`ValueWriter.viewBytes`) and write the next entry into it, without a copy per entry.
 */
export interface StateWriter {
  put(key: Uint8Array, bytes: Uint8Array): void;
  delete(key: Uint8Array): void;
}
