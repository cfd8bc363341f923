// Expansion of the file pattern of a sqllogictest `include` directive into file paths.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const GLOB_CHARS = /[*?]/;

/** Turns one path segment of a pattern (`*.slt`, `test_?`) into an anchored RegExp. */
function segmentRegex(segment: string): RegExp {
  let source = '';
  for (const char of segment) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The files that an include pattern names, sorted. The pattern is relative to `baseDir` unless absolute;
 * `*` and `?` match within one path segment (the subset of glob syntax that sqllogictest files use).
 */
export function expandIncludePattern(baseDir: string, pattern: string): string[] {
  const segments = pattern.split('/');
  let candidates = [isAbsolute(pattern) ? '/' : baseDir];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (!GLOB_CHARS.test(segment)) {
      candidates = candidates.map((dir) => join(dir, segment));
      continue;
    }
    const regex = segmentRegex(segment);
    candidates = candidates.flatMap((dir) => listDirectory(dir).filter((name) => regex.test(name)).map((name) => join(dir, name)));
  }
  return candidates.filter(isFile);
}
