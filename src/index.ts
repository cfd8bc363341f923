// The `tally` package: an embedded engine with the built-in connectors registered.
import { defaultSourceConnectors } from './connectors/index.js';
import { Engine, type EngineOptions } from './engine.js';

export { Engine, DEAD_LETTER_TABLE, type EngineOptions, type StatementResult, type ResultColumn } from './engine.js';
export type { SourceConnector, SourceReader, SourceSpec, SourceBatch, DeadLetter } from './stream/source.js';
export { formatValue } from './types/text-format.js';

/** Opens an embedded engine that can run the built-in source connectors (kafka, file, datagen, http). */
export function open(options: EngineOptions = {}): Promise<Engine> {
  return Engine.open({ ...options, sourceConnectors: [...defaultSourceConnectors, ...(options.sourceConnectors ?? [])] });
}
