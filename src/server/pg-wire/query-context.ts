// What the query protocols (simple and extended) need from their connection, and the messages they share.
import type { StatementResult } from '../../engine/statement-result.js';
import type { Value } from '../../types/value.js';
import { commandComplete, noticeResponse } from './backend-messages.js';
import { commandTag } from './command-tag.js';
import type { MessageWriter } from './message-writer.js';
import { writeDataRows, type FieldWriter } from './result-rows.js';
import type { Session, StatementOutcome } from './session.js';

/** Rows written between checks for a full output buffer and for cancellation. */
const ROWS_PER_CHUNK = 256;
/** Milliseconds of writing between pauses for other connections. */
const SLICE_MS = 10;

/** A connection as the query protocols see it. */
export interface QueryContext {
  readonly session: Session;
  readonly writer: MessageWriter;
  /** Sends the buffered output if it is large, and waits until the socket takes more. */
  flushIfFull(): Promise<void>;
  /** Aborted when a CancelRequest came for this connection while it was busy (the reason is the error to send). */
  readonly signal: AbortSignal;
  /** Throws query_canceled when a CancelRequest came for this connection while it was busy. */
  checkCanceled(): void;
  /** Writes an ErrorResponse for `err`; its position points into `query`. */
  writeError(err: unknown, query: string | undefined): void;
}

/** Warnings and engine notices: what comes before a statement's rows or CommandComplete. */
export function writeOutcomeNotices(w: MessageWriter, outcome: StatementOutcome): void {
  for (const warning of outcome.warnings) noticeResponse(w, warning);
  const result = outcome.result;
  if (result.kind === 'command') {
    for (const notice of result.notices ?? []) noticeResponse(w, { severity: 'NOTICE', code: '00000', message: notice });
  }
}

/**
 * Writes DataRows for `rows[from..to)` in chunks, flushing and checking for cancellation between chunks. A large
 * result gives way to other connections every `SLICE_MS`, as the query that made it did.
 */
export async function writeRowChunks(
  context: QueryContext,
  rows: readonly (readonly Value[])[],
  from: number,
  to: number,
  writers: readonly FieldWriter[],
): Promise<void> {
  let sliceStart = performance.now();
  for (let start = from; start < to; start += ROWS_PER_CHUNK) {
    writeDataRows(context.writer, rows, start, Math.min(to, start + ROWS_PER_CHUNK), writers);
    await context.flushIfFull();
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    context.checkCanceled();
  }
}

/** CommandComplete with PostgreSQL's tag for `result`; `rowCount` is the rows of a portal's last part. */
export const writeCommandComplete = (w: MessageWriter, result: StatementResult, rowCount?: number): void =>
  commandComplete(w, commandTag(result.tag, rowCount));
