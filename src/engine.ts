// Tally's public face for embedding: the engine and its result types.
export { Engine, DEAD_LETTER_TABLE, type EngineOptions } from './engine/engine.js';
export type { StatementResult, ResultColumn } from './engine/statement-result.js';
export type { EngineSession } from './engine/engine-session.js';
