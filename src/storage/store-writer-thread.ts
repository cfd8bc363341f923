// The body of the checkpoint store's writer thread: the one writer of a data directory's LMDB environment.
import type { MessagePort } from 'node:worker_threads';
import type { JsonValue } from './checkpoint-delta.js';
import type { splitLongValue } from './long-key.js';
import type { hasPrefix, prefixEnd } from './state-key.js';
import type { unpackState } from './state-pack.js';

/** The functions of other storage modules the thread uses, each evaluated from its own source text. */
export interface StoreWriterShared {
  readonly prefixEnd: typeof prefixEnd;
  readonly hasPrefix: typeof hasPrefix;
  readonly splitLongValue: typeof splitLongValue;
  readonly unpackState: typeof unpackState;
}

/** What the writer thread is started with. */
export interface StoreWriterData {
  /** Resolved path of lmdb's CommonJS entry: the thread's code is evaluated, not imported, so it cannot resolve it. */
  readonly lmdbPath: string;
  readonly path: string;
  readonly noSync: boolean;
  readonly maxDbs: number;
  readonly directKeyLimit: number;
  readonly dropChunk: number;
  readonly epochKey: string;
  readonly catalogSequenceKey: string;
  /** Int32 [results posted, 1: failed to open, 2: ended]: the thread counts and wakes, the caller may wait on it. */
  readonly status: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** What the writer thread is asked to do. State entries come packed (StatePack); everything else is cloned. */
export type StoreWriterRequestBody =
  | {
      readonly kind: 'commit';
      readonly epoch: number;
      readonly stateDropPrefixes: readonly Uint8Array[];
      readonly stateDeletes: Uint8Array;
      readonly statePuts: Uint8Array;
      readonly positionDeletes: readonly string[];
      readonly positions: readonly (readonly [string, JsonValue])[];
      readonly catalogDeletes: readonly string[];
      readonly catalogPuts: readonly (readonly [string, string])[];
    }
  | { readonly kind: 'drop'; readonly prefix: Uint8Array }
  | { readonly kind: 'close' };

/** A request as sent: numbered, answered in order. */
export type StoreWriterRequest = StoreWriterRequestBody & { readonly seq: number };

/** The writer's answer to request `seq` (0: its start): an error message, or how many entries a drop deleted. */
export interface StoreWriterResult {
  readonly seq: number;
  readonly error?: string;
  readonly dropped?: number;
}

/**
 * Runs in the writer thread, from its own source text (`String(storeWriterThread)`): it may use nothing of this
 * module's scope, only `require`, the `shared` functions (evaluated from their source too) and what `workerData`
 * brings. Each commit is one synchronous LMDB
 * transaction, flushed as the environment is opened to (fsync unless noSync): the flush waits here, not on the
 * engine's event loop. Requests are served in order; after each, the result is posted and then counted in
 * `status`, so that a caller blocked on the count finds the result on its port when it wakes.
 */
export function storeWriterThread(require: NodeJS.Require, shared: StoreWriterShared): void {
  const { prefixEnd, hasPrefix, splitLongValue, unpackState } = shared;
  const { workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const data = workerData as StoreWriterData;
  const status = new Int32Array(data.status);
  const answer = (result: StoreWriterResult): void => {
    data.port.postMessage(result);
    Atomics.add(status, 0, 1);
    Atomics.notify(status, 0);
  };
  const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
  // However the thread ends, a caller blocked on `status` must wake and learn that no answer will come.
  process.on('exit', () => {
    Atomics.store(status, 1, 2);
    Atomics.notify(status, 0);
  });

  type Lmdb = typeof import('lmdb');
  let environment: import('lmdb').RootDatabase;
  let meta: import('lmdb').Database<JsonValue, string>;
  let catalog: import('lmdb').Database<{ sequence: number; definition: string }, string>;
  let positions: import('lmdb').Database<JsonValue, string>;
  let state: import('lmdb').Database<Buffer, Uint8Array>;
  let nextCatalogSequence: number;
  try {
    const { open } = require(data.lmdbPath) as Lmdb;
    environment = open({ path: data.path, maxDbs: data.maxDbs, overlappingSync: false, noSync: data.noSync });
    meta = environment.openDB({ name: 'meta', encoding: 'json' });
    catalog = environment.openDB({ name: 'catalog', encoding: 'json' });
    positions = environment.openDB({ name: 'positions', encoding: 'json' });
    state = environment.openDB({ name: 'state', encoding: 'binary', keyEncoding: 'binary' });
    const sequence = meta.get(data.catalogSequenceKey);
    nextCatalogSequence = typeof sequence === 'number' ? sequence : 1;
  } catch (err) {
    Atomics.store(status, 1, 1);
    answer({ seq: 0, error: `cannot open the checkpoint store for writing: ${message(err)}` });
    return;
  }

  /** Deletes the entries under `prefix` inside the current write transaction, chunk by chunk; returns how many. */
  const dropPrefix = (prefix: Uint8Array): number => {
    if (prefix.length > data.directKeyLimit) {
      // Such a prefix only covers long keys: few, found through their head, the full key heading their value.
      const head = prefix.subarray(0, data.directKeyLimit);
      const keys: Uint8Array[] = [];
      for (const { key, value } of state.getRange({ start: head, end: prefixEnd(head) })) {
        if (key.length <= data.directKeyLimit) continue;
        if (hasPrefix(splitLongValue(value)[0], prefix)) keys.push(key);
      }
      for (const key of keys) state.removeSync(key);
      return keys.length;
    }
    const end = prefixEnd(prefix);
    let deleted = 0;
    for (;;) {
      // Reads in a write transaction see its own deletes: each pass starts over at the remaining keys.
      const keys = Array.from(state.getKeys({ start: prefix, end, limit: data.dropChunk }));
      if (keys.length === 0) return deleted;
      for (const key of keys) state.removeSync(key);
      deleted += keys.length;
    }
  };

  const commit = (request: Extract<StoreWriterRequestBody, { kind: 'commit' }>): void => {
    nextCatalogSequence = environment.transactionSync(() => {
      for (const prefix of request.stateDropPrefixes) dropPrefix(prefix);
      unpackState(request.stateDeletes, false, (key) => state.removeSync(key));
      unpackState(request.statePuts, true, (key, value) => state.putSync(key, value as Buffer));
      for (const name of request.positionDeletes) positions.removeSync(name);
      for (const [name, position] of request.positions) positions.putSync(name, position);
      let sequence = nextCatalogSequence;
      for (const name of request.catalogDeletes) catalog.removeSync(name);
      for (const [name, definition] of request.catalogPuts) {
        catalog.putSync(name, { sequence: catalog.get(name)?.sequence ?? sequence++, definition });
      }
      if (sequence !== nextCatalogSequence) meta.putSync(data.catalogSequenceKey, sequence);
      meta.putSync(data.epochKey, request.epoch);
      return sequence;
    });
  };

  data.port.on('message', (request: StoreWriterRequest) => {
    try {
      switch (request.kind) {
        case 'commit':
          commit(request);
          answer({ seq: request.seq });
          return;
        case 'drop':
          answer({ seq: request.seq, dropped: environment.transactionSync(() => dropPrefix(request.prefix)) });
          return;
        case 'close':
          // With its port closed the thread has nothing left to wait for, and ends.
          void environment
            .close()
            .then(
              () => answer({ seq: request.seq }),
              (err: unknown) => answer({ seq: request.seq, error: message(err) }),
            )
            .finally(() => data.port.close());
          return;
      }
    } catch (err) {
      answer({ seq: request.seq, error: message(err) });
    }
  });
}
