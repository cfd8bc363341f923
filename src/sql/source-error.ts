// Renders an error position in a script as `file:line:column: message`, the source line, and a caret.

/** Tabs are expanded to this many columns so that the caret lines up with the printed line. */
const TAB_WIDTH = 4;
const INDENT = '    ';

/**
 * Formats `message` for the character at `position` (a 0-based offset into `source`, as SqlError carries).
 * Line and column are 1-based; the column counts characters, a tab counting as one. Called by the CLI when
 * a script fails to parse or bind.
 */
export function formatSourceError(fileName: string, source: string, position: number, message: string): string {
  let offset = Math.max(0, Math.min(Number.isFinite(position) ? Math.trunc(position) : 0, source.length));
  // "At end of input" points past trailing whitespace; show it right after the last character instead.
  if (offset === source.length) offset = source.trimEnd().length;
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const newline = source.indexOf('\n', offset);
  const lineEnd = newline < 0 ? source.length : newline;
  let lineNumber = 1;
  for (let idx = source.indexOf('\n'); idx >= 0 && idx < lineStart; idx = source.indexOf('\n', idx + 1)) {
    lineNumber++;
  }
  const before = [...source.slice(lineStart, offset)];
  const rest = source.slice(offset, lineEnd).replace(/\r$/, '');
  const shownBefore = expandTabs(before.join(''), 0);
  const shownLine = (shownBefore + expandTabs(rest, displayWidth(shownBefore))).trimEnd();
  const column = before.length + 1;
  return `${fileName}:${lineNumber}:${column}: ${message}\n${INDENT}${shownLine}\n${INDENT}${' '.repeat(displayWidth(shownBefore))}^`;
}

function expandTabs(text: string, startColumn: number): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let column = startColumn;
  for (const char of text) {
    if (char === '\t') {
      const spaces = TAB_WIDTH - (column % TAB_WIDTH);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column++;
    }
  }
  return out;
}

/** Columns taken by already tab-expanded text: one per code point. */
const displayWidth = (text: string): number => [...text].length;
