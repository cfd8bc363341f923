// The interface every format implements: raw records in, changes and dead letters out.
import type { DeadLetter } from '../../stream/source.js';
import type { Row } from '../../types/value.js';

/** Where decoders append what one poll decoded; the reader hands it to the runtime as a `SourceBatch`. */
export interface DecodedRecords {
  readonly rows: Row[];
  readonly weights: number[];
  readonly deadLetters: DeadLetter[];
}

export const emptyDecodedRecords = (): DecodedRecords => ({ rows: [], weights: [], deadLetters: [] });

/**
 * Decodes the raw records of one source, built once per source by `decoderFor`. Readers call `decode` once
 * per record, in source order; a decoder never throws for bad data: a record that does not decode becomes a
 * dead letter with its offset, payload and error message ("bad input never stops a pipeline").
 */
export interface RecordDecoder {
  /**
   * How many records at the start of each stream (each file) are headers rather than data: 1 for CSV with a
   * header line. A reader that resumes in the middle of a stream feeds these records again after `startStream`.
   */
  readonly headerRecords: number;
  /** Called before the first record of each stream: the next `headerRecords` records are taken as headers. */
  startStream(): void;
  /**
   * Whether `text` is a whole record, or needs the next line too (a quoted CSV field holding a line break).
   * Line-oriented readers join lines until this holds, or until the stream ends.
   */
  isComplete(text: string): boolean;
  /**
   * Decodes one record into `out`. `payload` null is a message without a value (a Kafka tombstone); `key`
   * is the message key where the transport has one (UPSERT uses it to fill or delete the key columns).
   */
  decode(payload: string | null, offset: string, out: DecodedRecords, key?: string | null): void;
}

/** The message of whatever a decoding step threw, for a dead letter. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
