// Tests of part file names: padded batch numbers that sort, parsing, temporary names.
import { describe, expect, it } from 'vitest';
import { isTemporaryFileName, parsePartFileName, partFileName, temporaryFileName } from './file-sink-part-name.js';

describe('part file names', () => {
  it('pads batch numbers so that names sort by number', () => {
    expect(partFileName(1, 3, 'parquet')).toBe('part-0000000001-0000000003.parquet');
    const names = [partFileName(10, 10, 'jsonl'), partFileName(9, 9, 'jsonl'), partFileName(4294967295, 4294967295, 'jsonl')];
    expect([...names].sort()).toEqual([names[1], names[0], names[2]]);
  });

  it('reads the numbers back, and only from part file names', () => {
    expect(parsePartFileName('part-0000000001-0000000003.parquet')).toEqual({ first: 1, last: 3 });
    expect(parsePartFileName('part-12-12.jsonl')).toEqual({ first: 12, last: 12 });
    for (const name of ['part-3-1.parquet', 'part-1.parquet', '.part-1-1.parquet.tmp', 'part-1-1.parquet.crc', 'notes.txt']) {
      expect(parsePartFileName(name)).toBeUndefined();
    }
  });

  it('hides temporary files from readers and recognizes them', () => {
    const temporary = temporaryFileName(partFileName(2, 5, 'parquet'));
    expect(temporary).toBe('.part-0000000002-0000000005.parquet.tmp');
    expect(isTemporaryFileName(temporary)).toBe(true);
    expect(isTemporaryFileName('.other.tmp')).toBe(false);
    expect(isTemporaryFileName('part-0000000002-0000000005.parquet')).toBe(false);
  });
});
