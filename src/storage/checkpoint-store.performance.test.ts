import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Numeric } from '../types/numeric.js';
import { CheckpointStore } from './checkpoint-store.js';
import { stateKey, stateKeyPrefix } from './state-key.js';
import { decodeRow, ValueWriter } from './value-codec.js';

const ENTRIES = 1_000_000;
const COMMITS = 10;
/** Distinct accumulator rows, cycled: encoding a million of them would only slow the test down. */
const DISTINCT_VALUES = 1000;
const directory = mkdtempSync(join(tmpdir(), 'tally-checkpoint-performance-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(2) + ' s';

// Figures, not a gate: runs only when asked (TALLY_PERF=1), so the default suite stays fast.
const runPerf = process.env.TALLY_PERF === '1';
if (!runPerf) console.warn('skipping the 1M-entry checkpoint store figures: set TALLY_PERF=1 to run them');

describe.runIf(runPerf)('CheckpointStore with 1M state entries', () => {
  it('commits, reopens and scans them (figures on stdout)', async () => {
    const prefix = stateKeyPrefix('gmv_by_merchant', 4);
    const writer = new ValueWriter();
    const values: Uint8Array[] = [];
    for (let index = 0; index < DISTINCT_VALUES; index++) {
      values.push(writer.reset().writeRow([new Numeric(BigInt(index) * 1999n, 2), index % 97, 1_763_720_000_000_000n]).copyBytes());
    }
    const perCommit = ENTRIES / COMMITS;
    let store = CheckpointStore.open(directory);
    let encodeMs = 0;
    const commitStarted = performance.now();
    for (let commit = 0; commit < COMMITS; commit++) {
      const encodeStarted = performance.now();
      const puts: [Uint8Array, Uint8Array][] = [];
      for (let index = commit * perCommit; index < (commit + 1) * perCommit; index++) {
        const userKey = writer.reset().writeRow([`m-${index}`, 'web']).viewBytes();
        puts.push([stateKey(prefix, userKey), values[index % DISTINCT_VALUES]!]);
      }
      encodeMs += performance.now() - encodeStarted;
      store.commit(commit + 1, { statePuts: puts, positions: [['orders', { offset: String((commit + 1) * perCommit) }]] });
    }
    const commitTotal = (performance.now() - commitStarted - encodeMs) / 1000;
    await store.close();

    const reopenStarted = performance.now();
    store = CheckpointStore.open(directory);
    const latest = store.latest();
    const reopenTime = seconds(reopenStarted);
    const scanStarted = performance.now();
    let count = 0;
    for (const entry of store.scanState(prefix)) {
      count++;
      void entry;
    }
    const scanTime = seconds(scanStarted);
    const decodeStarted = performance.now();
    let decoded = 0;
    for (const [, bytes] of store.scanState(prefix)) decoded += decodeRow(bytes).length;
    const decodeTime = seconds(decodeStarted);
    const dropStarted = performance.now();
    store.commit(COMMITS + 1, { stateDropPrefixes: [stateKeyPrefix('gmv_by_merchant')] });
    const dropTime = seconds(dropStarted);
    await store.close();

    const megabytes = (statSync(join(directory, 'checkpoint', 'data.mdb')).size / 2 ** 20).toFixed(0);
    console.log(
      `checkpoint store, ${ENTRIES.toLocaleString('en')} state entries: ${COMMITS} commits of ` +
        `${perCommit.toLocaleString('en')} puts ${commitTotal.toFixed(2)} s (+${(encodeMs / 1000).toFixed(2)} s encoding); ` +
        `reopen ${reopenTime}; scan ${scanTime}; scan+decode ${decodeTime}; drop all ${dropTime}; file ${megabytes} MB`,
    );
    expect(latest?.epoch).toBe(COMMITS);
    expect(count).toBe(ENTRIES);
    expect(decoded).toBe(3 * ENTRIES);
  });
});
