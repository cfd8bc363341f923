// How the datagen connector generates one column: a function of the row number, and how many rows it allows.
import type { Value } from '../../types/value.js';
import type { SeededRandom } from './seeded-random.js';

/** What a generator may read besides the row number. */
export interface GenerationContext {
  /** Positioned by the generator itself (`random.at(seed, row)`): shared to avoid an allocation per value. */
  readonly random: SeededRandom;
  /** The wall-clock time of the poll, in microseconds since 1970. */
  readonly nowMicros: bigint;
  /** When the source started generating (kept in its position), in microseconds since 1970. */
  readonly startedAtMicros: bigint;
}

/** One column's generator, built once per reader from the column type and its options. */
export interface FieldPlan {
  /** Rows before the generator runs out (a sequence's end); Infinity for random values. */
  readonly limit: number;
  /** The value of row `row` (0 for the first row generated). Deterministic in `row` except for clock-based values. */
  generate(row: number, context: GenerationContext): Value;
}
