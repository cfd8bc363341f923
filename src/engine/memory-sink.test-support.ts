// A sink connector writing into memory, for engine tests of sinks.
import type { SinkChange, SinkConnector, SinkSpec, SinkWriter } from '../stream/sink.js';
import { SqlError } from '../types/error.js';
import type { Row } from '../types/value.js';

/**
 * A target table in memory, keyed by the sink's primary key (upsert) or a list (append-only). `failures` makes
 * the next writes reject, as a database that is down; `down` makes opens reject too.
 */
export class MemoryTarget implements SinkConnector {
  constructor(
    readonly name = 'memory',
    private readonly requiredOption = 'table',
  ) {}

  readonly rows = new Map<string, Row>();
  readonly appended: Row[] = [];
  readonly writes: SinkChange[][] = [];
  failures = 0;
  down = false;

  validate(spec: SinkSpec): void {
    if (!spec.options.has(this.requiredOption)) throw new SqlError('invalid_parameter_value', `missing option "${this.requiredOption}"`);
  }

  async open(spec: SinkSpec): Promise<SinkWriter> {
    if (this.down) throw new Error('connection refused');
    const keyOf = (row: Row): string => spec.primaryKey.map((k) => String(row[k])).join('|');
    return {
      write: async (changes) => {
        if (this.down || this.failures > 0) {
          this.failures--;
          throw new Error('target unavailable');
        }
        this.writes.push([...changes]);
        for (const { before, after } of changes) {
          if (spec.type === 'append-only') {
            if (after) this.appended.push(after);
            continue;
          }
          if (before) this.rows.delete(keyOf(before));
          if (after) this.rows.set(keyOf(after), after);
        }
      },
      close: async () => undefined,
    };
  }

  text(): string[] {
    return [...this.rows.values()].map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join(' ')).sort();
  }
}

