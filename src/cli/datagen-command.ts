// `tally datagen`: the commerce streams, generated at a chosen rate, to Kafka, to files or into a running Tally.
import {
  CommerceGenerator,
  COMMERCE_STREAMS,
  DEFAULT_FLASH_SALE,
  fileTarget,
  isCommerceStream,
  kafkaTarget,
  runPacer,
  summaryLine,
  systemClock,
  tallyHttpTarget,
  type CommerceStream,
  type GeneratorClock,
  type GeneratorTarget,
} from '../commerce/generator/index.js';

/** The command line's options, as commander hands them over (text). */
export interface DatagenOptions {
  readonly to?: string;
  readonly bootstrap?: string;
  readonly dir?: string;
  readonly url?: string;
  readonly token?: string;
  readonly rate?: string;
  readonly duration?: string;
  readonly events?: string;
  readonly seed?: string;
  readonly streams?: string;
  readonly outOfOrderRate?: string;
  readonly outOfOrderBound?: string;
  readonly duplicateRate?: string;
  readonly flashSaleEvery?: string;
  readonly flashSaleLength?: string;
  readonly sourceNames?: string;
}

/** What tests replace: the clock and the wait between ticks. */
export interface DatagenRuntime {
  readonly clock?: GeneratorClock;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly summaryEveryMs?: number;
}

/** A usage error: the command exits with code 2 and this message, without generating anything. */
export class DatagenError extends Error {}

export const TARGET_KINDS = ['kafka', 'files', 'tally'] as const;
const DEFAULT_BOOTSTRAP = '127.0.0.1:9092';
const DEFAULT_URL = 'http://127.0.0.1:4567';
const DEFAULT_RATE = 100;
const DEFAULT_SEED = 1;
const DEFAULT_OUT_OF_ORDER_BOUND_S = 5;

/**
 * Generates until the duration or event count is reached or `stop` resolves (Ctrl-C); prints a summary line every
 * few seconds and at the end. Resolves to the exit code: 0, 1 when the target failed, 2 for a usage error.
 */
export async function runDatagen(options: DatagenOptions, print: (line: string) => void, stop: Promise<unknown>, runtime: DatagenRuntime = {}): Promise<number> {
  let settings: DatagenSettings;
  try {
    settings = datagenSettings(options);
  } catch (err) {
    if (!(err instanceof DatagenError)) throw err;
    print(`datagen: ${err.message}`);
    return 2;
  }
  const clock = runtime.clock ?? systemClock;
  const generator = new CommerceGenerator({ ...settings.generator, clock });
  const target = makeTarget(settings, clock);
  const abort = new AbortController();
  void stop.then(() => abort.abort());
  print(`datagen: ${settings.description}, ${settings.generator.rate} events/s, seed ${settings.generator.seed}${limitText(settings)}`);
  try {
    await runPacer({
      generator,
      target,
      clock,
      durationMs: settings.durationMs,
      events: settings.events,
      signal: abort.signal,
      sleep: runtime.sleep,
      summaryEveryMs: runtime.summaryEveryMs,
      onSummary: (summary, final) => print(summaryLine(summary, final)),
    });
    return 0;
  } catch (err) {
    print(`datagen: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await target.close().catch((err: unknown) => print(`datagen: could not close the target: ${err instanceof Error ? err.message : String(err)}`));
  }
}

interface DatagenSettings {
  readonly kind: (typeof TARGET_KINDS)[number];
  readonly description: string;
  readonly bootstrapServers: readonly string[];
  readonly dir: string | undefined;
  readonly url: string;
  readonly token: string | undefined;
  readonly sourceNames: Partial<Record<CommerceStream, string>>;
  readonly durationMs: number | undefined;
  readonly events: number | undefined;
  readonly generator: Omit<ConstructorParameters<typeof CommerceGenerator>[0], 'clock'> & { readonly rate: number; readonly seed: number };
}

function datagenSettings(options: DatagenOptions): DatagenSettings {
  const kind = TARGET_KINDS.find((candidate) => candidate === options.to);
  if (!kind) throw new DatagenError(options.to === undefined ? 'option "--to" is required: kafka, files or tally' : `unrecognized target "${options.to}": use kafka, files or tally`);
  if (kind === 'files' && !options.dir) throw new DatagenError('option "--dir" is required with --to files');
  const bootstrapServers = (options.bootstrap ?? DEFAULT_BOOTSTRAP).split(',').map((server) => server.trim()).filter(Boolean);
  const url = options.url ?? DEFAULT_URL;
  const description = kind === 'kafka' ? `to Kafka at ${bootstrapServers.join(',')}` : kind === 'files' ? `to files in ${options.dir}` : `into Tally at ${url}`;
  const flashSaleEvery = number(options.flashSaleEvery, '--flash-sale-every', DEFAULT_FLASH_SALE.everyMs / 1000, { min: 0 });
  const flashSaleLength = number(options.flashSaleLength, '--flash-sale-length', DEFAULT_FLASH_SALE.lengthMs / 1000, { min: 0 });
  if (flashSaleEvery > 0 && flashSaleLength > flashSaleEvery) throw new DatagenError('option "--flash-sale-length" must not exceed "--flash-sale-every"');
  return {
    kind,
    description,
    bootstrapServers,
    dir: options.dir,
    url,
    token: options.token,
    sourceNames: sourceNames(options.sourceNames),
    durationMs: options.duration === undefined ? undefined : number(options.duration, '--duration', 0, { min: 0 }) * 1000,
    events: options.events === undefined ? undefined : number(options.events, '--events', 0, { min: 0, integer: true }),
    generator: {
      seed: number(options.seed, '--seed', DEFAULT_SEED, { min: 0, integer: true }),
      rate: number(options.rate, '--rate', DEFAULT_RATE, { min: 0 }),
      streams: options.streams === undefined ? undefined : streams(options.streams),
      outOfOrderRate: number(options.outOfOrderRate, '--out-of-order-rate', 0, { min: 0, max: 1 }),
      outOfOrderBoundMs: number(options.outOfOrderBound, '--out-of-order-bound', DEFAULT_OUT_OF_ORDER_BOUND_S, { min: 0.001 }) * 1000,
      duplicateRate: number(options.duplicateRate, '--duplicate-rate', 0, { min: 0, max: 1 }),
      flashSale: flashSaleEvery === 0 || flashSaleLength === 0 ? null : { ...DEFAULT_FLASH_SALE, everyMs: flashSaleEvery * 1000, lengthMs: flashSaleLength * 1000 },
    },
  };
}

function makeTarget(settings: DatagenSettings, clock: GeneratorClock): GeneratorTarget {
  switch (settings.kind) {
    case 'kafka':
      return kafkaTarget({ bootstrapServers: settings.bootstrapServers });
    case 'files':
      return fileTarget({ directory: settings.dir!, clock });
    case 'tally':
      return tallyHttpTarget({ url: settings.url, token: settings.token, sourceNames: settings.sourceNames });
  }
}

const limitText = (settings: DatagenSettings): string =>
  [settings.durationMs !== undefined ? `for ${settings.durationMs / 1000}s` : '', settings.events !== undefined ? `up to ${settings.events} events` : '']
    .filter(Boolean)
    .map((part) => `, ${part}`)
    .join('');

function number(text: string | undefined, option: string, fallback: number, bounds: { min?: number; max?: number; integer?: boolean }): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const valid =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max) &&
    (!bounds.integer || Number.isInteger(value));
  if (!valid) throw new DatagenError(`invalid value for option "${option}": "${text}"`);
  return value;
}

function streams(list: string): CommerceStream[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.find((name) => !isCommerceStream(name));
  if (unknown !== undefined) throw new DatagenError(`unrecognized stream "${unknown}": the streams are ${COMMERCE_STREAMS.join(', ')}`);
  if (names.length === 0) throw new DatagenError('option "--streams" names no stream');
  return names as CommerceStream[];
}

/** `stream=relation,...`: the relations the tally target ingests into, where they differ from the defaults. */
function sourceNames(list: string | undefined): Partial<Record<CommerceStream, string>> {
  const names: Partial<Record<CommerceStream, string>> = {};
  for (const pair of (list ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [stream, relation] = pair.split('=').map((part) => part.trim());
    if (!stream || !relation || !isCommerceStream(stream)) throw new DatagenError(`invalid value for option "--source-names": "${pair}"`);
    names[stream] = relation;
  }
  return names;
}
