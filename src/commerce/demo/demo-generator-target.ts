// Where the demo's generator writes each stream: the Kafka topic a pipeline reads it from (the real cluster when
// it answers, else the embedded broker the source fell back to), and REES46 events as CSV files in the directory
// seed 004's file source watches.
import { kafkaSettings } from '../../connectors/kafka/kafka-options.js';
import type { Engine } from '../../engine/engine.js';
import { COMMERCE_STREAMS, fileTarget, kafkaTarget, type CommerceStream, type GeneratedRecord, type GeneratorTarget } from '../generator/index.js';
import type { DemoConnectors } from './demo-connectors.js';

/** One target per stream; streams no pipeline reads are not generated at all. */
export interface DemoGeneratorTarget extends GeneratorTarget {
  /** The streams some pipeline reads. */
  readonly streams: readonly CommerceStream[];
  /** One line per destination, for the demo's banner. */
  readonly description: readonly string[];
}

const FILE_STREAMS: ReadonlySet<CommerceStream> = new Set(['rees46.events']);

/**
 * Looks up, for every Kafka-fed source or table of `engine`'s catalog, the topic and bootstrap servers, and sends
 * each stream of that name there. `filesDir` is the directory relative file paths resolve against.
 */
export async function demoGeneratorTarget(engine: Engine, connectors: DemoConnectors, filesDir: string): Promise<DemoGeneratorTarget> {
  const targets = new Map<CommerceStream, GeneratorTarget>();
  const description: string[] = [];
  const realByBootstrap = new Map<string, GeneratorTarget>();
  const embedded = kafkaTarget({ bootstrapServers: [], createProducer: (topic) => connectors.broker.producer(topic) });
  const owned: GeneratorTarget[] = [embedded];
  for (const entry of engine.relations()) {
    if (entry.kind !== 'source' && entry.kind !== 'table') continue;
    const connector = entry.options.get('connector') ?? entry.options.get('connector.type');
    if (connector !== 'kafka') continue;
    const settings = kafkaSettings({ name: entry.name, columns: entry.columns, options: entry.options });
    const stream = COMMERCE_STREAMS.find((name) => name === settings.topic);
    if (stream === undefined || targets.has(stream)) continue;
    const bootstrap = settings.bootstrapServers.join(',');
    if (await connectors.kafkaReachable(bootstrap)) {
      let real = realByBootstrap.get(bootstrap);
      if (!real) {
        real = kafkaTarget({ bootstrapServers: settings.bootstrapServers, clientId: 'tally-demo' });
        realByBootstrap.set(bootstrap, real);
        owned.push(real);
      }
      targets.set(stream, real);
      description.push(`${stream} → Kafka ${bootstrap} topic ${settings.topic}`);
    } else {
      targets.set(stream, embedded);
      description.push(`${stream} → embedded Kafka topic ${settings.topic}`);
    }
  }
  // A CSV file every quarter second, renamed into place whole: a purchase is in seed 004's views within a second.
  const files = fileTarget({ directory: filesDir, csvFileIntervalMs: 250 });
  owned.push(files);
  for (const stream of FILE_STREAMS) {
    targets.set(stream, files);
    description.push(`${stream} → CSV files under ${filesDir}`);
  }
  return {
    streams: [...targets.keys()],
    description,
    send(stream: CommerceStream, records: readonly GeneratedRecord[]): Promise<void> {
      const target = targets.get(stream);
      return target ? target.send(stream, records) : Promise.resolve();
    },
    async close(): Promise<void> {
      await Promise.all(owned.map((target) => target.close()));
    },
  };
}
