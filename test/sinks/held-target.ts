// A sink target in memory whose writes can be held in flight, for tests that stop the engine at a chosen moment.
import type { FlushPolicy, SinkConnector, SinkSpec, SinkWriter } from '../../src/stream/sink.js';
import type { Row } from '../../src/types/value.js';

/**
 * A table keyed by the sink's primary key, outliving the engines that write to it (as a database outlives a
 * crashed Tally). While `holding`, a write that starts waits, before it applies anything, until `releaseOne`.
 */
export class HeldTarget implements SinkConnector {
  readonly rows = new Map<string, Row>();
  /** Writes applied, each as its number of changes. */
  readonly writes: number[] = [];
  holding = false;
  private readonly waiting: (() => void)[] = [];
  readonly flushPolicy?: (options: ReadonlyMap<string, string>) => FlushPolicy;

  constructor(
    readonly name = 'held',
    policy?: FlushPolicy,
  ) {
    if (policy) this.flushPolicy = () => policy;
  }

  validate(): void {}

  async open(spec: SinkSpec): Promise<SinkWriter> {
    const keyOf = (row: Row): string => JSON.stringify(spec.primaryKey.map((index) => String(row[index])));
    return {
      write: async (changes) => {
        if (this.holding) await new Promise<void>((resolve) => this.waiting.push(resolve));
        for (const { before, after } of changes) {
          if (before) this.rows.delete(keyOf(before));
          if (after) this.rows.set(keyOf(after), after);
        }
        this.writes.push(changes.length);
      },
      close: async () => undefined,
    };
  }

  /** Writes waiting for a release. */
  get held(): number {
    return this.waiting.length;
  }

  /** Lets the oldest held write go on. */
  releaseOne(): void {
    this.waiting.shift()?.();
  }

  /** Stops holding and lets every held write go on. */
  releaseAll(): void {
    this.holding = false;
    while (this.waiting.length > 0) this.releaseOne();
  }

  /** The rows as text, sorted: values joined by spaces. */
  text(): string[] {
    return [...this.rows.values()].map((row) => row.map((value) => (value === null ? 'NULL' : String(value))).join(' ')).sort();
  }
}
