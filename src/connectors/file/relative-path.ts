// Relative directory options of file sources and sinks, resolved against the base directory their connector was made with.
import { resolve } from 'node:path';

/**
 * `options` with the first of `names` that is given (the directory option) made absolute against `baseDir`
 * (absolute paths stay as they are); the options themselves when none is given.
 */
export function withResolvedPath(options: ReadonlyMap<string, string>, names: readonly string[], baseDir: string): ReadonlyMap<string, string> {
  const name = names.find((candidate) => options.has(candidate));
  if (name === undefined) return options;
  const value = options.get(name)!.trim();
  if (value === '') return options;
  return new Map(options).set(name, resolve(baseDir, value));
}
