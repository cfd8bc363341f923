// The `tally` package: an embedded engine with the built-in connectors registered.
import { defaultSinkConnectors, defaultSourceConnectors } from './connectors/index.js';
import { Engine, type EngineOptions } from './engine.js';

export { Engine, DEAD_LETTER_TABLE, type EngineOptions, type StatementResult, type ResultColumn } from './engine.js';
export type { SourceConnector, SourceReader, SourceSpec, SourceBatch, DeadLetter } from './stream/source.js';
export type { SinkConnector, SinkWriter, SinkSpec, SinkChange } from './stream/sink.js';
export { formatValue } from './types/text-format.js';

/**
 * Opens an embedded engine that can run the built-in connectors: sources kafka, file, datagen, http; sinks jdbc (PostgreSQL, MySQL), kafka, webhook, email, file (Parquet, JSON lines).
 * A connector in `options` with the name of a built-in one replaces it (the demo's 'kafka' over an embedded broker).
 */
export function open(options: EngineOptions = {}): Promise<Engine> {
  return Engine.open({
    ...options,
    sourceConnectors: [...defaultSourceConnectors, ...(options.sourceConnectors ?? [])],
    sinkConnectors: [...defaultSinkConnectors, ...(options.sinkConnectors ?? [])],
  });
}
