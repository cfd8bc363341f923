// The checkpointed position of a file source: the files done and where the current one stands.
import { SqlError } from '../../types/error.js';

/** Where reading stands within the file being read: the start of the next record. */
export interface FileOffset {
  readonly file: string;
  /** Byte offset of the next record. */
  readonly offset: number;
  /** Lines before it (the next record's line number is `line + 1`). */
  readonly line: number;
}

/** JSON-serializable; given back to `open` after a restart, so that no line is read twice or skipped. */
export interface FilePosition {
  /** Files read to their end, in the order they were finished. */
  readonly finished: readonly string[];
  readonly current?: FileOffset;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Checks a position from a checkpoint: undefined (start afresh) or what `position()` returned. */
export function parseFilePosition(position: unknown): FilePosition {
  if (position === undefined || position === null) return { finished: [] };
  const bad = (): never => {
    throw new SqlError('invalid_parameter_value', 'invalid checkpoint position for a file source', {
      detail: `Expected {"finished": [...], "current": {"file", "offset", "line"}}, got ${JSON.stringify(position)}.`,
    });
  };
  if (typeof position !== 'object') return bad();
  const { finished, current } = position as { finished?: unknown; current?: unknown };
  if (!Array.isArray(finished) || !finished.every((name) => typeof name === 'string')) return bad();
  if (current === undefined || current === null) return { finished: finished as string[] };
  if (typeof current !== 'object') return bad();
  const { file, offset, line } = current as { file?: unknown; offset?: unknown; line?: unknown };
  if (typeof file !== 'string' || !isCount(offset) || !isCount(line)) return bad();
  return { finished: finished as string[], current: { file, offset, line } };
}
