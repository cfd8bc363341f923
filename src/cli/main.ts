// The `tally` command line.
import { Command, CommanderError, Option } from 'commander';
import { checkFiles } from './check-command.js';
import { runDemo, type DemoCommandOptions } from './demo-command.js';
import { runDatagen, TARGET_KINDS, type DatagenOptions } from './datagen-command.js';
import { runSltFiles } from './slt/slt-runner.js';
import { runStart, type StartOptions } from './start-command.js';

/** Runs the CLI with `argv` (as process.argv); resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const program = new Command()
    .name('tally')
    .description('Tally: a streaming SQL database for real-time commerce analytics')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('check')
    .description('parse, bind and plan every statement of the SQL files; print OK or the error per statement')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect (default: detected per file)').choices(['postgres', 'flink']))
    .argument('<files...>', 'SQL files')
    .action(async (files: string[], opts: { dialect?: 'postgres' | 'flink' }) => {
      const failures = await checkFiles(files, { dialect: opts.dialect }, print);
      if (failures > 0) exitCode = 1;
    });

  program
    .command('slt')
    .description('run sqllogictest files against a fresh embedded engine per file')
    .argument('<files...>', '.slt files')
    .action(async (files: string[]) => {
      const outcome = await runSltFiles(files, print);
      if (outcome.failed > 0) exitCode = 1;
    });

  program
    .command('start')
    .description('run the server: an engine with the built-in connectors, served over the PostgreSQL wire protocol')
    .option('--data-dir <dir>', 'keep the catalog and checkpoints here and restore them at start (default: in memory only)')
    .option('--pg-port <port>', 'PostgreSQL wire protocol port (default 4566)')
    .option('--http-port <port>', 'port of the HTTP API: SQL, view reads, live changes, ingest, health, metrics (default 4567)')
    .option('--host <address>', 'address to listen on; other than loopback only with users configured (default 127.0.0.1)')
    .option('--config <file>', 'JSON settings: dataDir, pgPort, httpPort, host, users {name: password}, tls {key, cert}')
    .action(async (opts: StartOptions) => {
      exitCode = await runStart(opts, print, stopSignal());
    });

  program
    .command('datagen')
    .description('generate the commerce streams (orders, marketplace, promotion, REES46 ...) at a chosen rate, deterministic for a seed')
    .addOption(new Option('--to <target>', 'where to: Kafka topics, files in a directory, or a running Tally (http sources)').choices([...TARGET_KINDS]).makeOptionMandatory())
    .option('--bootstrap <servers>', 'Kafka bootstrap servers host:port[,...] (default 127.0.0.1:9092)')
    .option('--dir <dir>', 'directory of the files: <stream>.jsonl appended, REES46 CSV files in rees46/incoming/')
    .option('--url <url>', 'HTTP API of the running Tally (default http://127.0.0.1:4567)')
    .option('--token <token>', 'bearer token for the Tally HTTP API')
    .option('--source-names <list>', 'stream=relation,... where Tally\'s relations differ from the default names')
    .option('--rate <n>', 'events per second outside flash sales (default 100)')
    .option('--duration <s>', 'stop after this many seconds')
    .option('--events <n>', 'stop after this many events')
    .option('--seed <n>', 'seed of the random draws (default 1)')
    .option('--streams <list>', 'only these streams, comma-separated (default all)')
    .option('--out-of-order-rate <r>', 'share of events whose event time is moved back (default 0)')
    .option('--out-of-order-bound <s>', 'by at most this many seconds (default 5)')
    .option('--duplicate-rate <r>', 'share of events sent twice (default 0)')
    .option('--flash-sale-every <s>', 'a flash sale at ten times the rate starts every this many seconds of the clock; 0: none (default 600)')
    .option('--flash-sale-length <s>', 'length of a flash sale in seconds (default 60)')
    .action(async (opts: DatagenOptions) => {
      exitCode = await runDatagen(opts, print, stopSignal());
    });

  program
    .command('demo')
    .description('run the commerce demo embedded: the five pipelines, the generator, pg-wire, HTTP and the dashboard; resumes from its data directory')
    .option('--data-dir <dir>', 'where the demo keeps its checkpoints, embedded Kafka topics and files (default ./tally-demo)')
    .option('--pg-port <port>', 'PostgreSQL wire protocol port (default 4566)')
    .option('--http-port <port>', 'port of the HTTP API and the dashboard (default 4567)')
    .option('--rate <n>', 'generated events per second outside flash sales (default 200)')
    .option('--seed <n>', "the generator's seed (default: from the clock, new orders every run)")
    .action(async (opts: DemoCommandOptions) => {
      exitCode = await runDemo(opts, print, stopSignal());
    });

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    // Commander has printed its own usage errors; anything else (a data directory of another format, say) is
    // said here, in one line, without a stack trace.
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`tally: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return exitCode;
}

/** Resolves with the name of the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
