// Tests of how the sink runner reports a sink's health: its state, its last error with secrets masked, and one log
// line when it starts failing and one when it recovers.
import { describe, expect, it } from 'vitest';
import type { SinkChange, SinkConnector, SinkSpec } from '../stream/sink.js';
import { SinkRunner } from './sink-runner.js';

/** A connector whose opens and writes fail as many times as asked, naming its password in the error as drivers may. */
class FlakyConnector implements SinkConnector {
  readonly name = 'flaky';
  openFailures = 0;
  writeFailures = 0;
  readonly written: SinkChange[] = [];

  validate(): void {}

  async open(spec: SinkSpec) {
    const password = spec.options.get('password');
    if (this.openFailures > 0) {
      this.openFailures--;
      throw new Error(`could not connect to db://alerts:${password}@db.example.com: connection refused`);
    }
    return {
      write: async (changes: readonly SinkChange[]) => {
        if (this.writeFailures > 0) {
          this.writeFailures--;
          throw new Error(`write refused for token ${spec.options.get('api_token')}`);
        }
        this.written.push(...changes);
      },
      close: async () => undefined,
    };
  }
}

const spec: SinkSpec = {
  name: 'alerts',
  columns: [{ name: 'id', type: 'int4' }],
  options: new Map([
    ['connector', 'flaky'],
    ['password', 'hunter22'],
    ['api_token', 'tok-123456'],
  ]),
  type: 'append-only',
  primaryKey: [],
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('sink health', () => {
  it('is opening until the writer opens, retrying while writes fail, running once they succeed; logged once per change', async () => {
    const connector = new FlakyConnector();
    const lines: string[] = [];
    const runner = new SinkRunner((line) => lines.push(line));
    runner.register(connector);
    runner.attach('flaky', spec, 'breaches', ['int4']);
    const status = () => runner.statuses()[0]!;
    expect(status()).toMatchObject({ name: 'alerts', connector: 'flaky', relation: 'breaches', type: 'append-only', state: 'opening', errors: 0 });

    connector.openFailures = 3;
    runner.openInBackground('alerts');
    await until(() => status().errors === 1, 'the first failed open');
    expect(status()).toMatchObject({ state: 'opening', lastError: 'could not connect to db://alerts:***@db.example.com: connection refused' });
    await until(() => status().state === 'running', 'the open');
    expect(status().errors).toBe(3);

    connector.writeFailures = 2;
    runner.backfill('alerts', [[1], [2]]);
    await until(() => status().errors === 4, 'the first failed write');
    expect(status()).toMatchObject({ state: 'retrying', pending: 2, lastError: 'write refused for token ***' });
    await until(() => status().delivered === 2, 'the delivery');
    expect(status()).toMatchObject({ state: 'running', pending: 0, errors: 5, lastError: 'write refused for token ***' });
    expect(connector.written).toHaveLength(2);

    expect(lines).toEqual([
      'sink "alerts" (flaky) failed to open, retrying with backoff until it succeeds: could not connect to db://alerts:***@db.example.com: connection refused',
      'sink "alerts" (flaky) recovered after 3 failed attempts',
      'sink "alerts" (flaky) failed to write, retrying with backoff until it succeeds: write refused for token ***',
      'sink "alerts" (flaky) recovered after 2 failed attempts',
    ]);
    expect(runner.stats().get('alerts')).toMatchObject({ state: 'running', errors: 5 });
    await runner.closeAll();
  });
});
