// `tally start`: runs the server (an engine with the built-in connectors, served over pg-wire) until stopped.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Engine, EngineOptions } from '../engine.js';
import { SourceProgress } from './source-progress.js';
import { httpAuthentication } from './http-authentication.js';
import { startHttpServer, type HttpServer } from '../server/http/index.js';
import { open } from '../index.js';
import { isLoopback } from '../server/loopback-address.js';
import { PgWireServer } from '../server/pg-wire/index.js';
import { dashboardRoutes } from '../web/index.js';
import { youngGenerationHint } from './young-generation.js';

/** The command line's options; each one given overrides the config file's value. */
export interface StartOptions {
  readonly dataDir?: string;
  readonly pgPort?: string;
  readonly httpPort?: string;
  readonly host?: string;
  readonly config?: string;
}

/**
 * The config file (`--config FILE`, JSON): the same settings as the options, plus users with passwords and TLS.
 * Relative paths are relative to the file.
 */
export interface StartConfig {
  readonly dataDir?: string;
  readonly pgPort?: number;
  readonly httpPort?: number;
  readonly host?: string;
  /** Superusers and their passwords, checked with SCRAM-SHA-256 (users made by CREATE USER are the catalog's). */
  readonly users?: Readonly<Record<string, string>>;
  /** PEM files of the server's key and certificate, for TLS on pg-wire. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

const DEFAULT_PG_PORT = 4566;
const DEFAULT_HTTP_PORT = 4567;
const DEFAULT_HOST = '127.0.0.1';

/** A running server, as `startServer` returns it. */
export interface RunningServer {
  readonly engine: Engine;
  readonly pgWire: PgWireServer;
  readonly http: HttpServer;
  /** Ends every connection, stops listening, then closes the engine (its final checkpoint). */
  stop(): Promise<void>;
}

/** A usage error: the command exits with code 2 and this message, without starting anything. */
export class StartError extends Error {}

/**
 * Opens the engine and starts pg-wire and the HTTP API as the options and config file say; prints where they listen.
 * `engineOptions` adds to what `open` gets (the demo's connectors).
 */
export async function startServer(options: StartOptions, print: (line: string) => void, engineOptions: EngineOptions = {}): Promise<RunningServer> {
  const config = options.config ? await readConfig(options.config) : {};
  const host = options.host ?? config.host ?? DEFAULT_HOST;
  const pgPort = options.pgPort !== undefined ? port(options.pgPort, '--pg-port') : (config.pgPort ?? DEFAULT_PG_PORT);
  const httpPort = options.httpPort !== undefined ? port(options.httpPort, '--http-port') : (config.httpPort ?? DEFAULT_HTTP_PORT);
  const users = new Map(Object.entries(config.users ?? {}));
  const dataDir = options.dataDir ?? config.dataDir;
  const refusal = `refusing to listen on ${host} without passwords: configure users in the --config file, create users with passwords (CREATE USER ... PASSWORD) in the data directory, or listen on 127.0.0.1`;
  // Users made by CREATE USER count too, but only a data directory can hold them before the server starts.
  if (!isLoopback(host) && users.size === 0 && dataDir === undefined) throw new StartError(refusal);
  const tls = config.tls ? { key: await readFile(config.tls.key), cert: await readFile(config.tls.cert) } : undefined;
  const engine = await open(dataDir === undefined ? engineOptions : { ...engineOptions, dataDir });
  let pgWire: PgWireServer | undefined;
  let http: HttpServer;
  try {
    if (!isLoopback(host) && users.size === 0 && !engine.hasCredentials()) throw new StartError(refusal);
    pgWire = await PgWireServer.start({ engine, port: pgPort, host, users, tls });
    http = await startHttpServer(engine, { port: httpPort, host, authenticate: httpAuthentication(engine, isLoopback(host)), routes: dashboardRoutes() });
  } catch (err) {
    await pgWire?.close();
    await engine.close();
    throw err;
  }
  const address = pgWire.address;
  print(`tally: pg-wire listening on ${address.host}:${address.port}${tls ? ' (TLS available)' : ''}${users.size > 0 || engine.hasCredentials() ? ' (SCRAM-SHA-256)' : ''}`);
  print(`tally: HTTP API listening on http://${http.host}:${http.port} (/v1/sql, /v1/views/:name, /v1/views/:name/changes, /v1/changes, /v1/ingest/:source, /health, /metrics)`);
  print(`tally: dashboard on http://${http.host}:${http.port}/`);
  print(`tally: data directory ${dataDir === undefined ? 'none (state is kept in memory only)' : resolve(dataDir)}`);
  const hint = youngGenerationHint();
  if (hint !== undefined) print(`tally: ${hint}`);
  return {
    engine,
    pgWire,
    http,
    async stop() {
      await http.close();
      await pgWire!.close();
      await engine.close();
    },
  };
}

/** Runs the server until `stopped` resolves (the CLI passes SIGINT/SIGTERM); resolves to the exit code. */
export async function runStart(options: StartOptions, print: (line: string) => void, stopped: Promise<string>): Promise<number> {
  let server: RunningServer;
  try {
    server = await startServer(options, print);
  } catch (err) {
    if (!(err instanceof StartError) && !isSystemError(err)) throw err;
    print(`tally: ${err.message}`);
    return 2;
  }
  // Catch-up progress of sources that are behind (a topic read from `earliest`): rows/s, lag, time to catch up.
  const progress = new SourceProgress();
  const reporter = setInterval(() => {
    for (const line of progress.lines(server.engine.sourceStats(), Date.now())) print(`tally: ${line}`);
  }, PROGRESS_INTERVAL_MS);
  reporter.unref();
  const signal = await stopped;
  clearInterval(reporter);
  print(`tally: ${signal} received, stopping`);
  await server.stop();
  print('tally: stopped');
  return 0;
}

async function readConfig(path: string): Promise<StartConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new StartError(`could not read config file "${path}": ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StartError(`config file "${path}" must hold a JSON object`);
  const config = parsed as Record<string, unknown>;
  const known = new Set(['dataDir', 'pgPort', 'httpPort', 'host', 'users', 'tls']);
  for (const key of Object.keys(config)) if (!known.has(key)) throw new StartError(`config file "${path}": unrecognized setting "${key}"`);
  const base = dirname(path);
  const tls = config.tls as { key?: unknown; cert?: unknown } | undefined;
  if (tls !== undefined && (typeof tls.key !== 'string' || typeof tls.cert !== 'string')) {
    throw new StartError(`config file "${path}": "tls" needs "key" and "cert" file names`);
  }
  const users = config.users as Record<string, unknown> | undefined;
  if (users !== undefined && (typeof users !== 'object' || Object.values(users).some((password) => typeof password !== 'string' || password === ''))) {
    throw new StartError(`config file "${path}": "users" must map each user name to a non-empty password`);
  }
  const text = (key: string): string | undefined => {
    const value = config[key];
    if (value !== undefined && typeof value !== 'string') throw new StartError(`config file "${path}": "${key}" must be a string`);
    return value;
  };
  const dataDir = text('dataDir');
  return {
    dataDir: dataDir === undefined ? undefined : resolve(base, dataDir),
    pgPort: config.pgPort === undefined ? undefined : port(String(config.pgPort), 'pgPort'),
    httpPort: config.httpPort === undefined ? undefined : port(String(config.httpPort), 'httpPort'),
    host: text('host'),
    users: users as Record<string, string> | undefined,
    tls: tls ? { key: resolve(base, tls.key as string), cert: resolve(base, tls.cert as string) } : undefined,
  };
}

function port(text: string, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new StartError(`${what} must be a port number from 0 to 65535, not "${text}"`);
  return value;
}


const PROGRESS_INTERVAL_MS = 2000;

const isSystemError = (err: unknown): err is NodeJS.ErrnoException => err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
