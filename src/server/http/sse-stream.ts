// One Server-Sent Events response: events queued and written after the engine's turn, with a bounded backlog.
import type { ServerResponse } from 'node:http';

/** An event's fields as the stream writes them: `event`, an optional `id`, and one line of JSON `data`. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

export interface SseStreamOptions {
  /** Bytes an event may find queued (ours and the socket's) before the client counts as too slow and is dropped. */
  readonly maxQueuedBytes: number;
  /** How long a dropped or closed stream may take to deliver its last event before the connection is cut. */
  readonly closeGraceMs: number;
}

/**
 * Writes events to one client. `send` only queues (it is called inside an epoch, which must not wait for a
 * socket); the queue is written on the next turn of the event loop, after whatever the engine was doing (a
 * checkpoint commit) is done. When an event arrives while more than `maxQueuedBytes` are still waiting, the
 * client is not keeping up: it gets a last `error` event and the stream ends, so that no client can make the
 * server hold an unbounded backlog.
 */
export class SseStream {
  private queue: string[] = [];
  private queuedBytes = 0;
  /** The backlog allowed: `maxQueuedBytes`, plus the size of the snapshot, which a client may take a while to read. */
  private allowedBytes: number;
  private flushScheduled = false;
  private opened = false;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly options: SseStreamOptions,
    /** Told when the stream is dropped for falling behind. */
    private readonly onDropped?: () => void,
  ) {
    this.allowedBytes = options.maxQueuedBytes;
    response.on('close', () => {
      this.finish();
      // A client that leaves may only half-close its end: the socket of a stream is released, not kept for reuse.
      if (this.opened) response.destroy();
    });
  }

  /** Starts the response: status and headers, sent at once so that clients see the stream open. */
  open(): void {
    this.opened = true;
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Proxies that buffer responses (nginx) would hold events back.
      'x-accel-buffering': 'no',
    });
    this.response.flushHeaders();
  }

  /** Runs `listener` once when the stream ends, whoever ends it (client, overflow, server). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /**
   * Queues `event`; returns false when the stream is closed or was just dropped for falling behind. An `initial`
   * event (the snapshot) raises the backlog allowed by its own size.
   */
  send(event: SseEvent, options: { readonly initial?: boolean } = {}): boolean {
    if (this.closed) return false;
    if (this.queuedBytes + this.response.writableLength > this.allowedBytes) {
      this.onDropped?.();
      this.end({ event: 'error', data: JSON.stringify(fellBehind(this.options.maxQueuedBytes)) });
      return false;
    }
    const text = formatEvent(event);
    const bytes = Buffer.byteLength(text);
    if (options.initial) this.allowedBytes += bytes;
    this.queue.push(text);
    this.queuedBytes += bytes;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  /** Ends the stream after what is queued and `last`, if given; the connection is cut if that takes too long. */
  end(last?: SseEvent): void {
    if (this.closed) return;
    this.flush();
    if (last) this.response.write(formatEvent(last));
    this.finish();
    this.response.end();
    const timer = setTimeout(() => this.response.destroy(), this.options.closeGraceMs);
    timer.unref();
    this.response.once('close', () => clearTimeout(timer));
  }

  /** Before `open`: drops the stream (and its subscriptions) without touching the response, which answers otherwise. */
  abandon(): void {
    this.finish();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.closed) return;
    const text = this.queue.length === 1 ? this.queue[0]! : this.queue.join('');
    this.queue = [];
    this.queuedBytes = 0;
    this.response.write(text);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queuedBytes = 0;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

function formatEvent(event: SseEvent): string {
  return event.id === undefined ? `event: ${event.event}\ndata: ${event.data}\n\n` : `event: ${event.event}\nid: ${event.id}\ndata: ${event.data}\n\n`;
}

function fellBehind(maxQueuedBytes: number): unknown {
  return {
    error: {
      code: '53000',
      message: `change stream dropped: the client fell more than ${maxQueuedBytes} bytes behind`,
      hint: 'Read the stream as fast as changes arrive, or subscribe with filters to receive fewer rows.',
    },
  };
}
