// A streaming Server-Sent Events client for tests: reads the response body as it arrives and parses events.
export interface SseMessage {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** Events of one GET, read with `next`; `close` aborts the request. */
export class SseClient {
  private buffer = '';
  private ended = false;
  private readonly decoder = new TextDecoder();
  /** A read that a timeout left waiting: the next call takes its result rather than losing it. */
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;

  private constructor(
    readonly response: Response,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly abort: AbortController,
  ) {}

  /** Opens the stream; throws unless the server answers 200 with text/event-stream. */
  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    }
    return new SseClient(response, response.body!.getReader(), abort);
  }

  /** The next event (heartbeats included unless `skipHeartbeats`), or undefined when the stream ended. */
  async next(options: { timeoutMs?: number; skipHeartbeats?: boolean } = {}): Promise<SseMessage | undefined> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    while (true) {
      const message = this.take();
      if (message && !(options.skipHeartbeats && message.event === 'heartbeat')) return message;
      if (message) continue;
      if (this.ended) return undefined;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no event within ${options.timeoutMs ?? 5000} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), remaining);
      });
      this.pending ??= this.reader.read();
      const read = await Promise.race([this.pending, timeout]);
      clearTimeout(timer);
      if (read === 'timeout') throw new Error(`no event within ${options.timeoutMs ?? 5000} ms`);
      this.pending = undefined;
      if (read.done) this.ended = true;
      else this.buffer += this.decoder.decode(read.value, { stream: true });
    }
  }

  /** The next event's data parsed as JSON, checking its event name. */
  async expect<T = Record<string, unknown>>(event: string, timeoutMs?: number): Promise<T> {
    const message = await this.next({ timeoutMs, skipHeartbeats: event !== 'heartbeat' });
    if (message?.event !== event) throw new Error(`expected a "${event}" event, got ${JSON.stringify(message)}`);
    return JSON.parse(message.data) as T;
  }

  close(): void {
    this.pending?.catch(() => undefined);
    this.abort.abort();
  }

  private take(): SseMessage | undefined {
    const end = this.buffer.indexOf('\n\n');
    if (end < 0) return undefined;
    const block = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end + 2);
    return parseEvent(block);
  }
}

/** One event block: `field: value` lines; `data` lines joined with newlines; comment lines (`:`) ignored. */
export function parseEvent(block: string): SseMessage {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return { event, id, data: data.join('\n') };
}
