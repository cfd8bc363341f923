// Tally's public face for embedding: the engine and its result types.
export { Engine, type EngineOptions } from './engine/engine.js';
export type { StatementResult, ResultColumn } from './engine/statement-result.js';
