// Starts an engine served over the HTTP API on a free port, and the requests tests make of it.
import type { Engine, EngineOptions } from '../../engine.js';
import { open } from '../../index.js';
import { startHttpServer, type HttpServer, type HttpServerOptions } from './index.js';

export interface TestHttpServer {
  readonly engine: Engine;
  readonly server: HttpServer;
  /** The address of `path` on the server. */
  url(path: string): string;
  /** POSTs `sql` to /v1/sql; throws unless it answers 200. */
  sql(sql: string): Promise<SqlAnswer>;
  /** POSTs `body` as `contentType` to `path`. */
  post(path: string, body: string, contentType?: string, headers?: Record<string, string>): Promise<Response>;
  /** Closes the server and the engine; throws if the server logged anything (an internal error). */
  stop(): Promise<void>;
}

export interface SqlAnswer {
  readonly epoch: number;
  readonly results: { readonly command: string; readonly columns?: { name: string; type: string }[]; readonly rows?: unknown[][] }[];
}

/** An in-memory engine with the built-in connectors, served on 127.0.0.1 on a port the system picks. */
export async function startTestHttpServer(options: Omit<HttpServerOptions, 'port'> = {}, engineOptions: EngineOptions = {}): Promise<TestHttpServer> {
  const engine = await open(engineOptions);
  const logged: string[] = [];
  const server = await startHttpServer(engine, { port: 0, log: (line) => logged.push(line), ...options });
  const url = (path: string): string => `http://127.0.0.1:${server.port}${path}`;
  const post = (path: string, body: string, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Response> =>
    fetch(url(path), { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
  return {
    engine,
    server,
    url,
    post,
    async sql(sql) {
      const response = await post('/v1/sql', JSON.stringify({ sql }), 'application/json', options.token ? { authorization: `Bearer ${options.token}` } : {});
      const text = await response.text();
      if (response.status !== 200) throw new Error(`POST /v1/sql answered ${response.status}: ${text}`);
      return JSON.parse(text) as SqlAnswer;
    },
    async stop() {
      await server.close();
      await engine.close();
      if (logged.length > 0) throw new Error(`the server logged:\n${logged.join('\n')}`);
    },
  };
}

/** A relation name no other test run uses. */
export const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
