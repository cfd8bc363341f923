// The demo's connectors: Kafka and JDBC endpoints that do not answer are replaced by embedded equivalents, and
// relative file paths live under the demo's data directory.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultSinkConnectors, defaultSourceConnectors } from '../../connectors/index.js';
import { EmbeddedKafkaBroker, embeddedKafkaSinkConnector, embeddedKafkaSourceConnector } from '../../connectors/embedded-kafka/index.js';
import { createFileConnector, FILE_SOURCE_PATH_OPTIONS } from '../../connectors/file/file-connector.js';
import { createFileSinkConnector } from '../../connectors/file/file-sink-connector.js';
import { withResolvedPath } from '../../connectors/file/relative-path.js';
import { jdbcSinkConnector } from '../../connectors/jdbc/jdbc-sink.js';
import { jdbcSinkSettings } from '../../connectors/jdbc/jdbc-options.js';
import { kafkaConnector } from '../../connectors/kafka/kafka-connector.js';
import { kafkaSettings } from '../../connectors/kafka/kafka-options.js';
import { kafkaSinkConnector } from '../../connectors/kafka/kafka-sink-connector.js';
import { kafkaSinkSettings } from '../../connectors/kafka/kafka-sink-options.js';
import { tallyTableSinkConnector } from '../../connectors/tally-table/tally-table-sink-connector.js';
import type { Engine } from '../../engine/engine.js';
import type { SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import type { SourceConnector, SourceReader, SourceSpec } from '../../stream/source.js';
import { webhookSinkConnector } from '../../connectors/webhook/webhook-sink-connector.js';
import { webhookSettings } from '../../connectors/webhook/webhook-options.js';
import { lockDataDir } from '../../storage/data-dir-lock.js';
import { EndpointProbe, parseEndpoint, type Endpoint } from './endpoint-probe.js';
import { notificationFileWriter } from './notification-file-writer.js';

export interface DemoConnectorOptions {
  /** The demo's data directory: the embedded broker keeps its topics in `embedded-kafka/`, relative file paths start at `files/`. */
  readonly dataDir: string;
  /** How long an endpoint has to accept a TCP connection before the embedded equivalent is used (default 1000 ms). */
  readonly probeTimeoutMs?: number;
  /** Where the one line per substitution goes (default: standard output). */
  readonly print?: (line: string) => void;
  /** Replaces the TCP probe (tests). */
  readonly probe?: (endpoint: Endpoint, timeoutMs: number) => Promise<boolean>;
}

/** Connectors for `Engine.open` (or `open` of the package), and the embedded broker behind them. */
export interface DemoConnectors {
  /** Every default source connector, with 'kafka' and 'file' replaced by the demo's. */
  readonly sourceConnectors: SourceConnector[];
  /** Every default sink connector, with 'jdbc', 'kafka', 'file' and 'fs' replaced by the demo's. */
  readonly sinkConnectors: SinkConnector[];
  /** The broker that stands in for unreachable Kafka clusters; hand it to the generator (`broker.producer(topic)`). */
  readonly broker: EmbeddedKafkaBroker;
  /** Whether `host:port` answers (asked once per endpoint, like the sources and sinks ask). */
  reachable(endpoint: Endpoint): Promise<boolean>;
  /** Whether Kafka at `bootstrap` ('kafka:9092,other:9092') answers, as the sources decided (or will): where the generator should write. */
  kafkaReachable(bootstrap: string): Promise<boolean>;
  /** The engine the JDBC stand-in writes into; its writes wait (retrying) until this is called. */
  attach(engine: Engine): void;
  /** Closes the embedded broker (after the engine). */
  close(): Promise<void>;
}

const DEFAULT_PROBE_TIMEOUT_MS = 1000;
const KAFKA_DEFAULT_PORT = 9092;

const printLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Where a sink writes instead of its unreachable target: said once, then opened. */
interface StandIn {
  readonly note: string;
  open(): Promise<SinkWriter>;
}

/** `defaults` with the connectors of the same name replaced by `replacements`. */
function replaced<T extends { readonly name: string }>(defaults: readonly T[], replacements: readonly T[]): T[] {
  const byName = new Map(defaults.map((connector) => [connector.name, connector]));
  for (const connector of replacements) byName.set(connector.name, connector);
  return [...byName.values()];
}

/**
 * Opens the embedded broker (durable under `<dataDir>/embedded-kafka`) and builds the demo's connectors. A Kafka
 * source or sink whose bootstrap servers do not answer reads or writes the embedded broker's topic of the same
 * name; a JDBC sink whose host does not answer writes into a Tally table of its `table.name`; each substitution is
 * printed once per source or sink. File sources and sinks resolve relative paths against `<dataDir>/files` (a
 * source's missing directory is created, so that it can wait for the generator's first file).
 */
export async function demoConnectors(options: DemoConnectorOptions): Promise<DemoConnectors> {
  // The broker's logs live in the data directory too: hold it (shared with the engine) before touching them.
  const release = lockDataDir(options.dataDir);
  let broker: EmbeddedKafkaBroker;
  try {
    broker = await EmbeddedKafkaBroker.open({ directory: join(options.dataDir, 'embedded-kafka') });
  } catch (err) {
    release();
    throw err;
  }
  const probe = new EndpointProbe(options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, options.probe);
  const print = options.print ?? printLine;
  const printed = new Set<string>();
  const say = (who: string, line: string): void => {
    if (printed.has(who)) return;
    printed.add(who);
    print(line);
  };
  let engine: Engine | undefined;
  const filesDir = join(options.dataDir, 'files');
  const kafkaReachable = (servers: readonly string[]): Promise<boolean> => probe.anyReachable(servers.map((server) => parseEndpoint(server, KAFKA_DEFAULT_PORT)));

  const embeddedSource = embeddedKafkaSourceConnector(broker);
  const kafkaSource: SourceConnector = {
    name: 'kafka',
    validate: (spec) => kafkaConnector.validate(spec),
    async open(spec: SourceSpec, position: unknown): Promise<SourceReader> {
      const settings = kafkaSettings(spec);
      if (await kafkaReachable(settings.bootstrapServers)) return kafkaConnector.open(spec, position);
      say(`source ${spec.name}`, `source ${spec.name}: ${settings.bootstrapServers.join(',')} not reachable; reading embedded Kafka topic ${settings.topic}`);
      return embeddedSource.open(spec, position);
    },
  };

  /** `real` when its target answers; otherwise the stand-in `standInFor` gives, said once per sink. */
  const fallbackSink = (real: SinkConnector, standInFor: (spec: SinkSpec) => Promise<StandIn | undefined>): SinkConnector => ({
    name: real.name,
    ...(real.flushPolicy ? { flushPolicy: (sinkOptions: ReadonlyMap<string, string>) => real.flushPolicy!(sinkOptions) } : {}),
    validate: (spec) => real.validate(spec),
    async open(spec: SinkSpec): Promise<SinkWriter> {
      const standIn = await standInFor(spec);
      if (!standIn) return real.open(spec);
      say(`sink ${spec.name}`, `sink ${spec.name}: ${standIn.note}`);
      return standIn.open();
    },
  });

  const embeddedSink = embeddedKafkaSinkConnector(broker);
  const kafkaSink = fallbackSink(kafkaSinkConnector, async (spec) => {
    const settings = kafkaSinkSettings(spec);
    if (await kafkaReachable(settings.bootstrapServers)) return undefined;
    return { note: `${settings.bootstrapServers.join(',')} not reachable; writing into embedded Kafka topic ${settings.topic}`, open: () => embeddedSink.open(spec) };
  });

  const tallyTable = tallyTableSinkConnector(() => engine);
  const jdbcSink = fallbackSink(jdbcSinkConnector, async (spec) => {
    const settings = jdbcSinkSettings(spec);
    const { host, port } = settings.url;
    if (await probe.reachable({ host, port })) return undefined;
    const where = settings.table === spec.name ? `rows stay in Tally table ${settings.table}` : `writing into Tally table ${settings.table}`;
    return { note: `${host}:${port} not reachable; ${where}`, open: () => tallyTable.open(spec) };
  });

  const webhookSink = fallbackSink(webhookSinkConnector, async (spec) => {
    const settings = webhookSettings(spec);
    const { hostname, port, protocol } = settings.url;
    const endpoint = { host: hostname.replace(/^\[|\]$/g, ''), port: port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port) };
    if (await probe.reachable(endpoint)) return undefined;
    const path = join(filesDir, 'alerts', `${spec.name}.jsonl`);
    return { note: `${endpoint.host}:${endpoint.port} not reachable; appending its notifications to ${path}`, open: () => notificationFileWriter(spec, settings, path) };
  });

  const fileSource = createFileConnector({ baseDir: filesDir });
  const demoFileSource: SourceConnector = {
    name: 'file',
    validate: (spec) => fileSource.validate(spec),
    async open(spec: SourceSpec, position: unknown): Promise<SourceReader> {
      const absolute = withResolvedPath(spec.options, FILE_SOURCE_PATH_OPTIONS, filesDir);
      const directory = FILE_SOURCE_PATH_OPTIONS.map((name) => absolute.get(name)).find((value) => value !== undefined);
      if (directory !== undefined && directory.trim() !== '') await mkdir(resolve(directory), { recursive: true });
      return fileSource.open(spec, position);
    },
  };

  return {
    sourceConnectors: replaced(defaultSourceConnectors, [kafkaSource, demoFileSource]),
    sinkConnectors: replaced(defaultSinkConnectors, [
      jdbcSink,
      kafkaSink,
      webhookSink,
      createFileSinkConnector('file', { baseDir: filesDir }),
      createFileSinkConnector('fs', { baseDir: filesDir }),
    ]),
    broker,
    reachable: (endpoint) => probe.reachable(endpoint),
    kafkaReachable: (bootstrap) => kafkaReachable(bootstrap.split(',').map((server) => server.trim()).filter((server) => server !== '')),
    attach(opened: Engine): void {
      engine = opened;
    },
    async close() {
      try {
        await broker.close();
      } finally {
        release();
      }
    },
  };
}
