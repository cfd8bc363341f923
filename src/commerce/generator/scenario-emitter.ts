// What a scenario sees of the generator: draws, the current time, and ways to emit records now or later.
import type { CommerceStream, StreamValue } from './commerce-streams.js';
import type { RandomDraws } from './random-draws.js';

/**
 * Handed to a scenario when it starts and to each follow-up when it is due. Records emitted go into the batch
 * being built; a follow-up runs in the first batch at or after its due time.
 */
export interface ScenarioEmitter {
  readonly draws: RandomDraws;
  /** The batch's time: the clock's reading when the batch was asked for. */
  readonly nowMs: number;
  readonly flashSale: boolean;
  /** A tag of this generator run (from the clock at start), in ids so that a restarted run makes new ones. */
  readonly runTag: string;
  emit(stream: CommerceStream, value: StreamValue, key?: string): void;
  /** Runs `action` `delayMs` from now. */
  later(delayMs: number, action: (emitter: ScenarioEmitter) => void): void;
  /** `ms`, or with the out-of-order share of probability `ms` moved back by up to the bound. */
  eventTime(ms: number): number;
  /** The next number of a counter (1, 2, ...), for ids. */
  next(counter: string): number;
}

/** Whole cents as a JSON number with at most two decimals. */
export const money = (cents: number): number => cents / 100;

/** Whole cents as text with two decimals ("100.00"), as seed 003's records carry them. */
export const moneyText = (cents: number): string => (cents / 100).toFixed(2);
