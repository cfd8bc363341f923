// GcPauses: the garbage collector's pauses of this thread (the engine's), as perf_hooks reports them.
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const fmtMs = (ms: number): string => ms.toFixed(ms < 10 ? 1 : 0);

/** Pauses of one kind of collection: how many, their total, the longest, and how many were long. */
class PauseSet {
  count = 0;
  totalMs = 0;
  maxMs = 0;
  long = 0;

  add(ms: number, longMs: number): void {
    this.count++;
    this.totalMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
    if (ms > longMs) this.long++;
  }

  describe(name: string, longMs: number): string {
    return `${this.count} ${name} (total ${fmtMs(this.totalMs)} ms, max ${fmtMs(this.maxMs)} ms, ${this.long} over ${longMs} ms)`;
  }
}

/**
 * Records the collector's pauses from `recordFrom` (a performance.now() time) until `stop`: every event in the
 * engine's hands during a pause waits it out, so they bound what freshness the engine itself can give.
 */
export class GcPauses {
  recordFrom = Infinity;
  private readonly young = new PauseSet();
  private readonly full = new PauseSet();
  private readonly other = new PauseSet();
  private readonly observer: PerformanceObserver;

  constructor(private readonly longMs = 20) {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.startTime < this.recordFrom) continue;
        const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
        const set = kind === constants.NODE_PERFORMANCE_GC_MINOR ? this.young : kind === constants.NODE_PERFORMANCE_GC_MAJOR ? this.full : this.other;
        set.add(entry.duration, this.longMs);
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.observer.disconnect();
  }

  describe(): string {
    const parts = [this.young.describe('young-generation', this.longMs), this.full.describe('full', this.longMs)];
    if (this.other.count > 0) parts.push(this.other.describe('incremental or weak-callback', this.longMs));
    return parts.join(', ');
  }
}
