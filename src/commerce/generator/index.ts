// The commerce generator's public face: the generator, its targets and the pacer that drives them.
export { COMMERCE_STREAMS, DEFAULT_SOURCE_NAMES, EVENT_TIME_FIELDS, isCommerceStream, type CommerceStream, type GeneratedRecord, type StreamValue } from './commerce-streams.js';
export { CommerceGenerator, DEFAULT_OUT_OF_ORDER_BOUND_MS, type CommerceGeneratorOptions } from './commerce-generator.js';
export { DEFAULT_FLASH_SALE, type FlashSaleSchedule } from './flash-sale.js';
export { ManualClock, systemClock, type GeneratorClock } from './generator-clock.js';
export { DEFAULT_SHARES, type GeneratorShares } from './generator-shares.js';
export type { GeneratorTarget } from './generator-target.js';
export { fileTarget, type FileTargetOptions } from './file-target.js';
export { kafkaTarget, type KafkaTargetOptions } from './kafka-target.js';
export { tallyHttpTarget, type TallyHttpTargetOptions } from './tally-http-target.js';
export { runPacer, summaryLine, type PacerOptions, type PacerSummary } from './generator-pacer.js';
