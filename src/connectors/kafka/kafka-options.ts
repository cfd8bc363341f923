// The WITH options of a Kafka source, under RisingWave's names and Flink's (legacy `connector.*` and current).
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';

/** Where a reader starts in a partition that its checkpoint position does not name. */
export type KafkaStartup =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  /** The first record whose timestamp is at or after `millis` (the end of the partition when there is none). */
  | { readonly kind: 'timestamp'; readonly millis: bigint };

/** What a Kafka source reads, checked once from its options. */
export interface KafkaSettings {
  readonly topic: string;
  /** `host:port` addresses to bootstrap from. */
  readonly bootstrapServers: readonly string[];
  readonly startup: KafkaStartup;
  /** Accepted for compatibility and shown to the broker as the client's group: offsets are Tally's, not the group's. */
  readonly groupId?: string;
}

/** The names each option goes by, first match wins: RisingWave's, Flink's current ones, then Flink's legacy `connector.*`. */
const TOPIC = ['topic', 'connector.topic'];
const BOOTSTRAP = ['properties.bootstrap.server', 'properties.bootstrap.servers', 'connector.properties.bootstrap.servers'];
const GROUP_ID = ['properties.group.id', 'connector.properties.group.id'];
const STARTUP_MODE = ['scan.startup.mode', 'connector.startup-mode'];
const STARTUP_TIMESTAMP = [
  'scan.startup.timestamp_millis',
  'scan.startup.timestamp.millis',
  'scan.startup.timestamp-millis',
  'connector.startup-timestamp-millis',
];
const SECURITY_PROTOCOL = ['properties.security.protocol', 'connector.properties.security.protocol'];

/** Startup modes by their RisingWave and Flink spellings. */
const STARTUP_MODES: ReadonlyMap<string, 'earliest' | 'latest' | 'timestamp'> = new Map([
  ['earliest', 'earliest'],
  ['earliest-offset', 'earliest'],
  ['latest', 'latest'],
  ['latest-offset', 'latest'],
  ['timestamp', 'timestamp'],
]);

/** Kafka's legal topic names (at most 249 characters of these). */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const SERVER_ADDRESS = /^[^\s:,]+(:\d{1,5})?$/;
const MILLIS = /^\d{1,16}$/;

type Options = ReadonlyMap<string, string>;

/** The first of `names` that the options give, with its value. */
function option(options: Options, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = options.get(name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

function topicOf(options: Options): string {
  const given = option(options, TOPIC);
  if (!given || given.value.trim() === '') {
    throw new SqlError('invalid_parameter_value', 'missing option "topic" for connector "kafka"', {
      hint: "Add WITH (connector = 'kafka', topic = '...', properties.bootstrap.server = 'host:9092').",
    });
  }
  const topic = given.value.trim();
  if (!TOPIC_NAME.test(topic)) {
    throw invalidValue(given.name, given.value, 'Give one topic name: letters, digits, ".", "_" and "-".');
  }
  return topic;
}

function bootstrapServersOf(options: Options): string[] {
  const given = option(options, BOOTSTRAP);
  if (!given || given.value.trim() === '') {
    throw new SqlError('invalid_parameter_value', 'missing option "properties.bootstrap.server" for connector "kafka"', {
      hint: "Add WITH (properties.bootstrap.server = 'host:9092').",
    });
  }
  const servers = given.value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0 || !servers.every((s) => SERVER_ADDRESS.test(s))) {
    throw invalidValue(given.name, given.value, 'Give a comma-separated list of host:port addresses.');
  }
  return servers;
}

function startupOf(options: Options): KafkaStartup {
  const mode = option(options, STARTUP_MODE);
  const timestamp = option(options, STARTUP_TIMESTAMP);
  const kind = mode === undefined ? undefined : STARTUP_MODES.get(mode.value.trim().toLowerCase());
  if (mode && kind === undefined) {
    throw invalidValue(mode.name, mode.value, "Use 'earliest' or 'latest' (Flink: 'earliest-offset', 'latest-offset' or 'timestamp'); Tally keeps offsets in its own checkpoints, not in consumer groups.");
  }
  // RisingWave: a start timestamp wins over the mode. Flink: mode 'timestamp' needs one.
  if (timestamp) {
    const text = timestamp.value.trim();
    if (!MILLIS.test(text)) throw invalidValue(timestamp.name, timestamp.value, 'Give milliseconds since 1970-01-01 00:00:00 UTC.');
    return { kind: 'timestamp', millis: BigInt(text) };
  }
  if (kind === 'timestamp') {
    throw new SqlError('invalid_parameter_value', 'missing option "scan.startup.timestamp_millis" for startup mode "timestamp"', {
      hint: 'Add the start time in milliseconds since 1970-01-01 00:00:00 UTC.',
    });
  }
  return { kind: kind ?? 'earliest' };
}

function checkSecurityProtocol(options: Options): void {
  const given = option(options, SECURITY_PROTOCOL);
  if (given && given.value.trim().toUpperCase() !== 'PLAINTEXT') {
    throw new SqlError('feature_not_supported', `Kafka security protocol "${given.value}" is not supported`, {
      hint: 'Tally connects to Kafka over PLAINTEXT only.',
    });
  }
}

/**
 * Reads and checks a Kafka source's options: `topic`, `properties.bootstrap.server` (also `.servers`),
 * `scan.startup.mode` ('earliest', the default, or 'latest'), `scan.startup.timestamp_millis`,
 * `properties.group.id`, and Flink's legacy `connector.topic`, `connector.properties.bootstrap.servers`,
 * `connector.properties.group.id`, `connector.startup-mode` ('earliest-offset', 'latest-offset', 'timestamp'),
 * `connector.startup-timestamp-millis`. Throws SqlError naming the missing or bad option.
 */
export function kafkaSettings(spec: SourceSpec): KafkaSettings {
  const options = spec.options;
  checkSecurityProtocol(options);
  const groupId = option(options, GROUP_ID)?.value.trim();
  return {
    topic: topicOf(options),
    bootstrapServers: bootstrapServersOf(options),
    startup: startupOf(options),
    ...(groupId ? { groupId } : {}),
  };
}

/**
 * The spec to build the record decoder from: the FORMAT clause when there is one, else Flink's legacy
 * `format.type` ('json' is FORMAT PLAIN ENCODE JSON, the default either way).
 */
export function kafkaFormatSpec(spec: SourceSpec): SourceSpec {
  const formatType = spec.options.get('format.type');
  if (spec.format || formatType === undefined) return spec;
  if (formatType.trim().toLowerCase() !== 'json') {
    throw new SqlError('feature_not_supported', `format.type "${formatType}" is not supported for connector "kafka"`, {
      hint: "Use 'json', or a FORMAT ... ENCODE ... clause.",
    });
  }
  return { ...spec, format: { format: 'plain', encode: 'json', options: new Map() } };
}
