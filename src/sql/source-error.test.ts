// formatSourceError: file:line:column, the source line, and a caret under the offending character.
import { describe, expect, it } from 'vitest';
import { formatSourceError } from './source-error.js';

describe('formatSourceError', () => {
  it('points at the line and column of the position', () => {
    const source = 'select a,\n       b\nFORM orders;\n';
    expect(formatSourceError('q.sql', source, source.indexOf('FORM'), 'syntax error at or near "FORM"')).toBe(
      'q.sql:3:1: syntax error at or near "FORM"\n    FORM orders;\n    ^',
    );
    expect(formatSourceError('q.sql', source, source.indexOf('orders'), 'x')).toBe('q.sql:3:6: x\n    FORM orders;\n         ^');
  });

  it('expands tabs in the line and under the caret alike', () => {
    const source = 'select\ta,\t\tb from t';
    expect(formatSourceError('q.sql', source, source.indexOf('b'), 'x')).toBe(
      'q.sql:1:12: x\n    select  a,      b from t\n                    ^',
    );
  });

  it('shows the end of input right after the last character', () => {
    const source = 'select (1\n\n  ';
    expect(formatSourceError('q.sql', source, source.length, 'syntax error at end of input')).toBe(
      'q.sql:1:10: syntax error at end of input\n    select (1\n             ^',
    );
  });

  it('handles CRLF line ends, an empty source and out-of-range positions', () => {
    expect(formatSourceError('q.sql', 'select 1\r\nfrom\r\n', 10, 'x')).toBe('q.sql:2:1: x\n    from\n    ^');
    expect(formatSourceError('q.sql', '', 5, 'x')).toBe('q.sql:1:1: x\n    \n    ^');
    expect(formatSourceError('q.sql', 'abc', -3, 'x')).toBe('q.sql:1:1: x\n    abc\n    ^');
  });

  it('counts characters, not UTF-16 units, for the column', () => {
    expect(formatSourceError('q.sql', "select '😀', x", 13, 'x')).toBe("q.sql:1:13: x\n    select '😀', x\n                ^");
  });
});
