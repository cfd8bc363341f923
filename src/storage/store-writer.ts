// StoreWriter: the caller's side of the checkpoint store's writer thread (store-writer-thread.ts).
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { splitLongValue } from './long-key.js';
import { hasPrefix, prefixEnd } from './state-key.js';
import { unpackState } from './state-pack.js';
import { storeWriterThread, type StoreWriterData, type StoreWriterRequestBody, type StoreWriterResult } from './store-writer-thread.js';

/** The thread's code: its body, given the storage functions it shares with this side (all self-contained). */
const THREAD_SOURCE =
  `(${String(storeWriterThread)})(require, ` +
  `{ prefixEnd: ${String(prefixEnd)}, hasPrefix: ${String(hasPrefix)}, splitLongValue: ${String(splitLongValue)}, ` +
  `unpackState: ${String(unpackState)} })`;

/** A request sent to the writer thread; `result` is set (once) when its answer has come in. */
export interface WriterRequest {
  readonly seq: number;
  readonly done: Promise<StoreWriterResult>;
  result: StoreWriterResult | undefined;
}

/** How long one blocking wait sleeps before it looks at the port again (answers also wake it at once). */
const WAIT_SLICE_MS = 1000;
/** A blocking wait this long without an answer is reported on stderr (and again each time as long). */
const SLOW_ANSWER_WARNING_MS = 10_000;

/**
 * Sends requests to the writer thread in order and hands back their answers, either when they come in
 * (`done`, on the event loop) or at once by blocking until they have (`wait`: statements that must return after
 * their checkpoint is durable). Both see the same answer, and `onResult` runs once per answer, on whichever path
 * sees it first. The thread and its port keep the process alive only while an answer is awaited.
 */
export class StoreWriter {
  private seq = 0;
  private readonly pending = new Map<number, { request: WriterRequest; resolve: (result: StoreWriterResult) => void; onResult: (result: StoreWriterResult) => void }>();
  /** Why the thread can serve no request (it could not open the store, or it ended), once known. */
  private failure: string | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly status: Int32Array,
  ) {
    port.on('message', (result: StoreWriterResult) => this.settle(result));
    worker.on('error', (err) => this.fail(`the checkpoint store's writer thread failed: ${err.message}`));
    worker.on('exit', () => this.fail("the checkpoint store's writer thread has ended"));
    worker.unref();
    port.unref();
  }

  static start(options: Omit<StoreWriterData, 'lmdbPath' | 'status' | 'port'>): StoreWriter {
    const status = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const workerData: StoreWriterData = {
      ...options,
      lmdbPath: createRequire(import.meta.url).resolve('lmdb'),
      status: status.buffer as SharedArrayBuffer,
      port: port2,
    };
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData, transferList: [port2] });
    return new StoreWriter(worker, port1, status);
  }

  /** Sends a request (its buffers are copied to the thread); `onResult` runs when its answer comes in. */
  send(body: StoreWriterRequestBody, onResult: (result: StoreWriterResult) => void): WriterRequest {
    const seq = ++this.seq;
    let resolve!: (result: StoreWriterResult) => void;
    const request: WriterRequest = { seq, done: new Promise((r) => (resolve = r)), result: undefined };
    if (this.failure !== undefined) {
      request.result = { seq, error: this.failure };
      onResult(request.result);
      resolve(request.result);
      return request;
    }
    // While an answer is awaited the port keeps the process alive: else an `await` on it with nothing else to do
    // would end the process (exit code 13, an unsettled top-level await) before the store is written or closed.
    if (this.pending.size === 0) this.port.ref();
    this.pending.set(seq, { request, resolve, onResult });
    this.port.postMessage({ ...body, seq });
    return request;
  }

  /** Blocks until `request`'s answer is in (answers before it are taken in too), and returns it. */
  wait(request: WriterRequest): StoreWriterResult {
    const started = Date.now();
    let warnAt = started + SLOW_ANSWER_WARNING_MS;
    for (;;) {
      const answered = Atomics.load(this.status, 0);
      // The thread posts an answer before it counts it: every answer counted is on the port by now.
      for (let message = receiveMessageOnPort(this.port); message !== undefined; message = receiveMessageOnPort(this.port)) {
        this.settle(message.message as StoreWriterResult);
      }
      if (request.result !== undefined) return request.result;
      if (Atomics.load(this.status, 1) === 2) this.fail("the checkpoint store's writer thread has ended");
      if (request.result !== undefined) return request.result;
      if (Date.now() >= warnAt) {
        // A disk that takes this long to flush, or a lock held elsewhere: say so rather than hang silently.
        process.stderr.write(`tally: still waiting for the checkpoint store's writer after ${Math.round((Date.now() - started) / 1000)} s (request ${request.seq}, ${answered} answered)\n`);
        warnAt += SLOW_ANSWER_WARNING_MS;
      }
      Atomics.wait(this.status, 0, answered, WAIT_SLICE_MS);
    }
  }

  /** Closes the store on the thread (after the requests before), and waits for the thread to end. */
  async close(): Promise<void> {
    if (this.failure !== undefined) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    const request = this.send({ kind: 'close' }, () => undefined);
    this.failure = 'the checkpoint store is closed';
    const result = await request.done;
    await exited;
    if (result.error !== undefined && this.failure === undefined) throw new Error(result.error);
  }

  private settle(result: StoreWriterResult): void {
    if (result.seq === 0) {
      // The thread could not open the store: no request will be answered.
      if (Atomics.load(this.status, 1) !== 0) this.fail(result.error ?? 'the checkpoint store could not be opened for writing');
      return;
    }
    const entry = this.pending.get(result.seq);
    if (entry === undefined) return;
    this.pending.delete(result.seq);
    if (this.pending.size === 0) this.port.unref();
    entry.request.result = result;
    entry.onResult(result);
    entry.resolve(result);
  }

  /** Answers every request still waiting with `reason`, and any later one. */
  private fail(reason: string): void {
    this.failure ??= reason;
    for (const seq of [...this.pending.keys()]) this.settle({ seq, error: this.failure });
  }
}
