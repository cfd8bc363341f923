// Whether Node was given a larger young generation than its default, which the engine's view rows outlive.

/** The flag the README recommends, with the size the benchmarks run with. */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';

/**
 * A line to print when a server starts with Node's default young generation (neither the node command line nor
 * NODE_OPTIONS sets the semi-space), else undefined. Every epoch replaces the emitted row of each group it touches;
 * with the default 16 MiB the young generation's collections copy those rows again and again (README, Embedded
 * use). A flag cannot be set once Node runs, and a `#!` line cannot pass one portably (`env -S` is not POSIX).
 */
export function youngGenerationHint(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string | undefined {
  const set = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--max[-_]semi[-_]space[-_]size\b/.test(arg));
  if (set) return undefined;
  return `Node runs with its default young generation: NODE_OPTIONS=${YOUNG_GENERATION_FLAG} gave seed 000's views 10-30% more throughput (README, Embedded use)`;
}
