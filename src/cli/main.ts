// The `tally` command line.
import { Command, Option } from 'commander';
import { checkFiles } from './check-command.js';
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

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 2;
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
