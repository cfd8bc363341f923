import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { open } from 'lmdb';
import { CheckpointStore, type CheckpointStoreOptions } from './checkpoint-store.js';
import { stateKey, stateKeyPrefix } from './state-key.js';
import { StatePack } from './state-pack.js';
import { decodeRow, encodeRow } from './value-codec.js';
import { Numeric } from '../types/numeric.js';

const directories: string[] = [];
const stores: CheckpointStore[] = [];

function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tally-checkpoint-'));
  directories.push(directory);
  return directory;
}

function openStore(directory: string, options: CheckpointStoreOptions = {}): CheckpointStore {
  const store = CheckpointStore.open(directory, options);
  stores.push(store);
  return store;
}

async function reopen(store: CheckpointStore, directory: string, options: CheckpointStoreOptions = {}): Promise<CheckpointStore> {
  await store.close();
  stores.splice(stores.indexOf(store), 1);
  return openStore(directory, options);
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const bytesOf = (value: string): Uint8Array => Buffer.from(value, 'latin1');
const scanned = (store: CheckpointStore, prefix: Uint8Array): [string, string][] =>
  Array.from(store.scanState(prefix), ([key, value]) => [text(key), text(value)]);

describe('CheckpointStore', () => {
  it('starts empty, then restores the last checkpoint after reopening', async () => {
    const directory = freshDirectory();
    let store = openStore(directory);
    expect(store.latest()).toBeUndefined();
    expect(store.catalog()).toEqual([]);
    const prefix = stateKeyPrefix('gmv', 3);
    const row = ['m1', new Numeric(1999n, 2), 2n, null];
    store.commit(1, {
      catalogPuts: [['orders', 'CREATE TABLE orders (id int)'], ['gmv', 'CREATE MATERIALIZED VIEW gmv AS SELECT 1']],
      positions: [['orders_src', { partitions: [{ partition: 0, offset: '42' }] }]],
      statePuts: [[stateKey(prefix, bytesOf('m1')), encodeRow(row)]],
    });
    store.commit(2, { positions: new Map([['clicks', 7]]) });
    store = await reopen(store, directory);
    expect(store.lastEpoch).toBe(2);
    expect(store.latest()).toEqual({
      epoch: 2,
      positions: new Map<string, unknown>([['clicks', 7], ['orders_src', { partitions: [{ partition: 0, offset: '42' }] }]]),
    });
    expect(store.catalog().map((entry) => entry.name)).toEqual(['orders', 'gmv']);
    const entries = Array.from(store.scanState(stateKeyPrefix('gmv')));
    expect(entries).toHaveLength(1);
    expect(text(entries[0]![0])).toBe('gmv/3/m1');
    expect(decodeRow(entries[0]![1])).toEqual(row);
  });

  it('keeps a replaced statement in place; delete and put moves it to the end', async () => {
    const directory = freshDirectory();
    let store = openStore(directory);
    store.commit(1, { catalogPuts: [['a', 'A1'], ['b', 'B1'], ['c', 'C1']] });
    store.commit(2, { catalogPuts: [['a', 'A2']], catalogDeletes: ['c'] });
    store.commit(3, { catalogDeletes: ['b'], catalogPuts: [['b', 'B2'], ['d', 'D1']] });
    store = await reopen(store, directory);
    expect(store.catalog().map(({ name, definition }) => `${name}=${definition}`)).toEqual(['a=A2', 'b=B2', 'd=D1']);
    store.commit(4, { catalogPuts: [['e', 'E1']] });
    expect(store.catalog().map(({ name }) => name)).toEqual(['a', 'b', 'd', 'e']);
  });

  it('applies deletes before puts, and drops prefixes atomically with the rest', () => {
    const store = openStore(freshDirectory());
    const job = stateKeyPrefix('job');
    const put = (key: string, value: string): [Uint8Array, Uint8Array] => [stateKey(job, bytesOf(key)), bytesOf(value)];
    store.commit(1, { statePuts: [put('a', '1'), put('b', '2'), put('c', '3')], positions: [['s', 1], ['t', 1]] });
    store.commit(2, {
      stateDeletes: [stateKey(job, bytesOf('a')), stateKey(job, bytesOf('b'))],
      statePuts: [put('a', '10')],
      positionDeletes: ['t'],
    });
    expect(scanned(store, job)).toEqual([['job/a', '10'], ['job/c', '3']]);
    expect(store.latest()?.positions).toEqual(new Map([['s', 1]]));
    store.commit(3, { stateDropPrefixes: [job], statePuts: [put('z', '26')], catalogDeletes: ['job'] });
    expect(scanned(store, job)).toEqual([['job/z', '26']]);
  });

  it('keeps jobs and operators with "/" or "%" in their ids apart', () => {
    const store = openStore(freshDirectory());
    const ids: [string, string][] = [['a', 'b/c'], ['a/b', 'c'], ['a%2Fb', 'c'], ['a', 'b'], ['ab', '1']];
    store.commit(1, { statePuts: ids.map(([job, operator]) => [stateKey(stateKeyPrefix(job, operator), bytesOf('k')), bytesOf(`${job}|${operator}`)]) });
    for (const [job, operator] of ids) {
      expect(scanned(store, stateKeyPrefix(job, operator)).map(([, value]) => value)).toEqual([`${job}|${operator}`]);
    }
    expect(scanned(store, stateKeyPrefix('a')).map(([, value]) => value).sort()).toEqual(['a|b', 'a|b/c']);
    expect(store.dropPrefix(stateKeyPrefix('a'))).toBe(2);
    expect(scanned(store, stateKeyPrefix('a/b'))).toHaveLength(1);
  });

  it('scans and drops by an empty prefix or one of 0xff bytes', () => {
    const store = openStore(freshDirectory());
    store.commit(1, { statePuts: [[bytesOf('a/1'), bytesOf('x')], [bytesOf('\xff\xff'), bytesOf('y')], [bytesOf('\xff\xfe'), bytesOf('z')]] });
    expect(scanned(store, new Uint8Array(0)).map(([, value]) => value)).toEqual(['x', 'z', 'y']);
    expect(scanned(store, bytesOf('\xff\xff'))).toEqual([['\xff\xff', 'y']]);
    expect(store.dropPrefix(bytesOf('\xff'))).toBe(2);
    expect(store.dropPrefix(new Uint8Array(0))).toBe(1);
    expect(scanned(store, new Uint8Array(0))).toEqual([]);
  });

  it('stores keys longer than LMDB allows, and finds them by prefix', async () => {
    const directory = freshDirectory();
    let store = openStore(directory);
    const job = stateKeyPrefix('long');
    const head = 'h'.repeat(1950);
    const keys = ['short', head + 'x', head + 'y', 'k'.repeat(1899), 'k'.repeat(1900), 'k'.repeat(1901), 'k'.repeat(20_000)];
    store.commit(1, { statePuts: keys.map((key, index) => [stateKey(job, bytesOf(key)), bytesOf(String(index))]) });
    store = await reopen(store, directory);
    const all = new Map(scanned(store, job));
    expect(all.size).toBe(keys.length);
    keys.forEach((key, index) => expect(all.get('long/' + key)).toBe(String(index)));
    expect(scanned(store, stateKey(job, bytesOf(head + 'y')))).toEqual([['long/' + head + 'y', '2']]);
    expect(scanned(store, stateKey(job, bytesOf(head))).map(([, value]) => value).sort()).toEqual(['1', '2']);
    store.commit(2, { stateDeletes: [stateKey(job, bytesOf(head + 'x')), stateKey(job, bytesOf('k'.repeat(20_000)))] });
    expect(scanned(store, job).map(([, value]) => value).sort()).toEqual(['0', '2', '3', '4', '5']);
    expect(store.dropPrefix(stateKey(job, bytesOf('k'.repeat(1900))))).toBe(2);
    expect(scanned(store, job).map(([, value]) => value).sort()).toEqual(['0', '2', '3']);
  });

  it('drops a prefix of more entries than one chunk', () => {
    const store = openStore(freshDirectory(), { durability: 'none' });
    const big = stateKeyPrefix('big');
    const other = stateKeyPrefix('bih');
    const entries: [Uint8Array, Uint8Array][] = [];
    for (let index = 0; index < 25_000; index++) entries.push([stateKey(big, bytesOf(String(index))), bytesOf('v')]);
    store.commit(1, { statePuts: [...entries, [stateKey(other, bytesOf('x')), bytesOf('w')]] });
    store.commit(2, { stateDropPrefixes: [big] });
    expect(scanned(store, big)).toEqual([]);
    expect(scanned(store, other)).toEqual([['bih/x', 'w']]);
  });

  it('applies nothing of a commit that fails, and refuses epochs that do not advance', async () => {
    const directory = freshDirectory();
    let store = openStore(directory);
    const job = stateKeyPrefix('job');
    store.commit(5, { statePuts: [[stateKey(job, bytesOf('a')), bytesOf('1')]], positions: [['s', 5]] });
    expect(() =>
      store.commit(6, {
        statePuts: [[stateKey(job, bytesOf('b')), bytesOf('2')], [new Uint8Array(0), bytesOf('empty keys are invalid')]],
        positions: [['s', 6]],
        catalogPuts: [['x', 'X']],
      }),
    ).toThrow();
    expect(() => store.commit(5, {})).toThrow(/cannot commit checkpoint of epoch 5 after epoch 5/);
    expect(() => store.commit(5.5, {})).toThrow(/cannot commit/);
    expect(store.lastEpoch).toBe(5);
    store = await reopen(store, directory);
    expect(store.latest()).toEqual({ epoch: 5, positions: new Map([['s', 5]]) });
    expect(scanned(store, job)).toEqual([['job/a', '1']]);
    expect(store.catalog()).toEqual([]);
    store.commit(6, { positions: [['s', 6]] });
    expect(store.latest()?.epoch).toBe(6);
  });

  it('commits in the background through its writer thread, in order with commits that wait', async () => {
    const directory = freshDirectory();
    let store = openStore(directory);
    const job = stateKeyPrefix('job');
    const longKey = bytesOf('k'.repeat(2500));
    const pack = { deletes: new StatePack(false), puts: new StatePack(true) };
    pack.puts.add(job, bytesOf('a'), bytesOf('1'));
    pack.puts.add(job, longKey, bytesOf('long'));
    pack.puts.add(job, bytesOf('gone'), bytesOf('x'));
    const first = store.beginCommit(1, { statePack: pack, positions: [['s', 1]] });
    expect(await first.done).toBeUndefined();
    expect(store.lastEpoch).toBe(1);
    expect(scanned(store, job)).toEqual([['job/a', '1'], ['job/gone', 'x'], [`job/${'k'.repeat(2500)}`, 'long']]);

    // A commit that must be durable at once waits for the one handed over before it, then lands after it.
    const deletes = new StatePack(false);
    deletes.add(job, bytesOf('gone'));
    const second = store.beginCommit(2, { statePack: { deletes, puts: new StatePack(true) }, statePuts: [[stateKey(job, bytesOf('a')), bytesOf('2')]] });
    store.commit(3, { statePuts: [[stateKey(job, bytesOf('a')), bytesOf('3')]], positions: [['s', 3]] });
    expect(await second.done).toBeUndefined();
    expect(store.lastEpoch).toBe(3);
    expect(scanned(store, job)).toEqual([['job/a', '3'], [`job/${'k'.repeat(2500)}`, 'long']]);

    // A refused commit applies nothing and answers with the error; the store goes on.
    const refused = store.beginCommit(4, { statePuts: [[new Uint8Array(0), bytesOf('empty keys are invalid')]], positions: [['s', 4]] });
    expect(await refused.done).toBeInstanceOf(Error);
    expect(store.lastEpoch).toBe(3);
    store.commit(4, { positions: [['s', 5]] });
    // A commit that waits for a refused one before it goes on: the refusal is the refused commit's own answer.
    const refusedAgain = store.beginCommit(5, { statePuts: [[new Uint8Array(0), bytesOf('empty keys are invalid')]] });
    store.commit(5, { positions: [['s', 6]] });
    expect(await refusedAgain.done).toBeInstanceOf(Error);
    store = await reopen(store, directory);
    expect(store.latest()).toEqual({ epoch: 5, positions: new Map([['s', 6]]) });
    expect(scanned(store, job)).toEqual([['job/a', '3'], [`job/${'k'.repeat(2500)}`, 'long']]);
  });

  it('scans one snapshot while later checkpoints commit', () => {
    const store = openStore(freshDirectory());
    const job = stateKeyPrefix('job');
    const keys = ['a', 'b', 'c', 'd'].map((key) => stateKey(job, bytesOf(key)));
    store.commit(1, { statePuts: keys.map((key) => [key, bytesOf('old')]) });
    const seen: string[] = [];
    for (const [key, value] of store.scanState(job)) {
      seen.push(`${text(key)}=${text(value)}`);
      if (seen.length === 1) store.commit(2, { stateDeletes: keys.slice(2), statePuts: [[keys[1]!, bytesOf('new')]] });
    }
    expect(seen).toEqual(['job/a=old', 'job/b=old', 'job/c=old', 'job/d=old']);
    expect(scanned(store, job)).toEqual([['job/a', 'old'], ['job/b', 'new']]);
  });

  it('refuses a store of another format version', async () => {
    const directory = freshDirectory();
    const store = openStore(directory);
    await store.close();
    stores.splice(0);
    const environment = open({ path: join(directory, 'checkpoint'), maxDbs: 8 });
    const meta = environment.openDB<unknown, string>({ name: 'meta', encoding: 'json' });
    await meta.put('format_version', 99);
    await environment.close();
    expect(() => CheckpointStore.open(directory)).toThrow(/has format version 99, this build reads version 4 \(start with a new data directory/);
  });

  it('matches a map model over random deltas and reopenings', async () => {
    const key = fc.uint8Array({ minLength: 0, maxLength: 6 });
    const delta = fc.record({
      puts: fc.array(fc.tuple(key, fc.uint8Array({ maxLength: 8 })), { maxLength: 8 }),
      deletes: fc.array(key, { maxLength: 4 }),
      reopen: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(delta, { minLength: 1, maxLength: 6 }), async (deltas) => {
        const directory = freshDirectory();
        let store = openStore(directory, { durability: 'none' });
        const prefix = stateKeyPrefix('model');
        const model = new Map<string, string>();
        let epoch = 0;
        for (const { puts, deletes, reopen: again } of deltas) {
          const hex = (bytes: Uint8Array): string => Buffer.from(stateKey(prefix, bytes)).toString('hex');
          for (const deleted of deletes) model.delete(hex(deleted));
          for (const [userKey, value] of puts) model.set(hex(userKey), Buffer.from(value).toString('hex'));
          store.commit(++epoch, {
            stateDeletes: deletes.map((userKey) => stateKey(prefix, userKey)),
            statePuts: puts.map(([userKey, value]) => [stateKey(prefix, userKey), value]),
          });
          if (again) store = await reopen(store, directory, { durability: 'none' });
        }
        const stored = Array.from(store.scanState(prefix), ([k, v]) => [Buffer.from(k).toString('hex'), Buffer.from(v).toString('hex')]);
        expect(stored).toEqual([...model].sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))));
        expect(store.latest()?.epoch).toBe(epoch);
      }),
      { numRuns: 40 },
    );
  });
});
