// Follows every view the page shows over one GET /v1/changes stream: a browser holds only six connections per
// server over HTTP/1.1, fewer than the dashboard's views. fetch() rather than EventSource, to send credentials.
import { SseParser } from './sse-parser.js';
import { ViewRows, type ViewRow } from './view-rows.js';

/** What a panel shows for a view: rows once live, or why there are none. */
export type ViewState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live'; readonly rows: readonly ViewRow[]; readonly epoch: number }
  /** The view does not exist (404): its pipeline is not running. */
  | { readonly kind: 'absent' }
  /** The signed-in user may not read it (403). */
  | { readonly kind: 'denied' }
  /** Credentials are needed or were refused (401). */
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'error'; readonly message: string };

export interface ViewHubOptions {
  readonly authorization: string | undefined;
  /** Called when the server refuses the credentials (401). */
  readonly onUnauthorized: () => void;
  /** Called with each epoch the stream reaches. */
  readonly onEpoch: (epoch: number) => void;
}

/** Absent views may be created any moment (a pipeline started later): the list of relations is read this often. */
const ABSENT_PROBE_MS = 3000;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 10_000;

/**
 * Keeps one stream open for the views subscribed to, and tells each view's listeners its state: per snapshot and
 * per epoch that changed its rows. A stream that breaks (network, server restart, the client fell behind) is
 * opened again and starts over from new snapshots; until then the last rows stay on screen. `close` ends it.
 */
export class ViewHub {
  private readonly listeners = new Map<string, Set<(state: ViewState) => void>>();
  private readonly states = new Map<string, ViewState>();
  /** The views of the stream now open (or opening). */
  private streamed = new Set<string>();
  private connection: AbortController | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private probeTimer: ReturnType<typeof setInterval> | undefined;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;

  constructor(private readonly options: ViewHubOptions) {}

  /** Follows `view`; `listener` gets its current state at once and every change after. Returns the unsubscribe. */
  subscribe(view: string, listener: (state: ViewState) => void): () => void {
    let set = this.listeners.get(view);
    if (!set) this.listeners.set(view, (set = new Set()));
    set.add(listener);
    listener(this.states.get(view) ?? { kind: 'connecting' });
    // Panels subscribe during one render: one reconnect after it covers them all.
    if (!this.streamed.has(view)) this.scheduleConnect(0);
    return () => set.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.probeTimer);
    this.connection?.abort();
  }

  private scheduleConnect(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
  }

  private async connect(): Promise<void> {
    this.connection?.abort();
    const abort = new AbortController();
    this.connection = abort;
    this.streamed = new Set(this.listeners.keys());
    if (this.streamed.size === 0) return;
    const query = [...this.streamed].map((view) => `view=${encodeURIComponent(view)}`).join('&');
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.options.authorization) headers.authorization = this.options.authorization;
    try {
      const response = await fetch(`/v1/changes?${query}`, { headers, signal: abort.signal, cache: 'no-store' });
      if (response.status === 401) {
        for (const view of this.streamed) this.setState(view, { kind: 'unauthorized' });
        this.options.onUnauthorized();
        return;
      }
      if (response.status !== 200 || !response.body) throw new Error(await errorMessage(response));
      await this.read(response.body);
    } catch (err) {
      if (abort.signal.aborted) return;
      for (const view of this.streamed) if (this.states.get(view)?.kind !== 'live') this.setState(view, { kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
    if (abort.signal.aborted || this.closed) return;
    this.scheduleConnect(this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    const rows = new Map<string, ViewRows>();
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        const data = JSON.parse(event.data) as { view?: string; epoch?: number; rows?: ViewRow[]; inserts?: ViewRow[]; deletes?: ViewRow[]; status?: number; error?: { message?: string } };
        const view = data.view ?? '';
        switch (event.event) {
          case 'snapshot':
            this.retryMs = FIRST_RETRY_MS;
            rows.set(view, new ViewRows(data.rows ?? []));
            this.live(view, rows.get(view)!, data.epoch!);
            break;
          case 'changes':
            rows.get(view)?.apply(data.deletes ?? [], data.inserts ?? []);
            if (rows.has(view)) this.live(view, rows.get(view)!, data.epoch!);
            break;
          case 'unavailable':
            this.setState(view, data.status === 404 ? { kind: 'absent' } : data.status === 403 ? { kind: 'denied' } : { kind: 'error', message: errorOf(data) });
            break;
          case 'ended':
            rows.delete(view);
            this.setState(view, { kind: 'absent' });
            break;
          case 'error':
            // The server ends the stream after this (the client fell behind): the caller opens a new one.
            await reader.cancel();
            return;
        }
      }
      this.updateProbe();
    }
  }

  private live(view: string, rows: ViewRows, epoch: number): void {
    this.setState(view, { kind: 'live', rows: rows.list(), epoch });
    this.options.onEpoch(epoch);
  }

  private setState(view: string, state: ViewState): void {
    this.states.set(view, state);
    for (const listener of this.listeners.get(view) ?? []) listener(state);
  }

  /** While some view is absent, looks for it in the list of relations and reopens the stream when it appears. */
  private updateProbe(): void {
    const absent = () => [...this.streamed].filter((view) => this.states.get(view)?.kind === 'absent');
    if (absent().length === 0 || this.probeTimer !== undefined) return;
    this.probeTimer = setInterval(() => {
      void (async () => {
        const missing = absent();
        if (missing.length === 0) {
          clearInterval(this.probeTimer);
          this.probeTimer = undefined;
          return;
        }
        const headers: Record<string, string> = this.options.authorization ? { authorization: this.options.authorization } : {};
        const response = await fetch('/v1/views', { headers, cache: 'no-store' }).catch(() => undefined);
        if (!response?.ok) return;
        // A body cut off or not JSON (a proxy's error page): the next probe asks again.
        const listed = (await response.json().catch(() => undefined)) as { relations?: { name: string }[] } | undefined;
        const relations = listed?.relations ?? [];
        const names = new Set(relations.map((relation) => relation.name));
        if (missing.some((view) => names.has(view))) {
          clearInterval(this.probeTimer);
          this.probeTimer = undefined;
          this.scheduleConnect(0);
        }
      })();
    }, ABSENT_PROBE_MS);
  }
}

const errorOf = (data: { error?: { message?: string } }): string => data.error?.message ?? 'unavailable';

async function errorMessage(response: Response): Promise<string> {
  try {
    return errorOf((await response.json()) as { error?: { message?: string } });
  } catch {
    return `HTTP ${response.status}`;
  }
}
