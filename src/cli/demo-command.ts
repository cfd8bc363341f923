// `tally demo`: starts the commerce application embedded and runs it until SIGINT/SIGTERM.
import { startDemo, type DemoOptions } from './demo/run-demo.js';
import { summaryLine } from '../commerce/generator/index.js';
import { StartError } from './start-command.js';

/** The command line's options, as commander gives them. */
export interface DemoCommandOptions {
  readonly dataDir?: string;
  readonly pgPort?: string;
  readonly httpPort?: string;
  readonly rate?: string;
  readonly seed?: string;
}

/** Runs the demo until `stopped` resolves; resolves to the exit code (2: bad options or a port in use). */
export async function runDemo(opts: DemoCommandOptions, print: (line: string) => void, stopped: Promise<string>): Promise<number> {
  let options: DemoOptions;
  try {
    options = {
      dataDir: opts.dataDir,
      pgPort: opts.pgPort,
      httpPort: opts.httpPort,
      rate: opts.rate === undefined ? undefined : positive(opts.rate, '--rate'),
      seed: opts.seed === undefined ? undefined : positive(opts.seed, '--seed'),
    };
  } catch (err) {
    print(`tally demo: ${(err as Error).message}`);
    return 2;
  }
  let demo;
  try {
    demo = await startDemo(options, print);
  } catch (err) {
    if (!(err instanceof StartError) && typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    print(`tally demo: ${(err as Error).message}`);
    return 2;
  }
  const signal = await stopped;
  print(`tally demo: ${signal} received, stopping`);
  const summary = await demo.stop();
  print(`tally demo: stopped; ${summaryLine(summary, false, 'generated for ')}; state kept in ${demo.dataDir}`);
  return 0;
}

function positive(text: string, what: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0) throw new StartError(`${what} must be a positive number, not "${text}"`);
  return value;
}
