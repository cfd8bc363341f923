// Catch-up progress of pulled sources for the terminal: rows/s, lag and time to catch up, per source.
import type { SourceStats } from '../engine/source-runner.js';

interface Sample {
  readonly records: number;
  readonly at: number;
}

/**
 * Turns successive `Engine.sourceStats()` readings into progress lines. A line is produced for a source that
 * is behind (lag > 0) or that read something since the last reading; a source that has caught up is reported
 * once ("caught up"), then stays quiet until it falls behind again.
 */
export class SourceProgress {
  private readonly last = new Map<string, Sample>();
  private readonly behind = new Set<string>();

  /** Lines for this reading, taken at `now` (ms). */
  lines(stats: ReadonlyMap<string, SourceStats>, now: number): string[] {
    const out: string[] = [];
    for (const [name, stat] of stats) {
      const previous = this.last.get(name);
      this.last.set(name, { records: stat.records, at: now });
      if (!previous) continue;
      const seconds = (now - previous.at) / 1000;
      const rate = seconds > 0 ? (stat.records - previous.records) / seconds : 0;
      const lag = stat.lag ?? 0;
      if (lag > 0) {
        this.behind.add(name);
        const eta = rate > 0 ? ` — caught up in about ${formatDuration(lag / rate)}` : '';
        out.push(`${name}: ${count(stat.records)} rows read, ${count(Math.round(rate))} rows/s, lag ${count(lag)}${eta}`);
      } else if (this.behind.delete(name)) {
        out.push(`${name}: caught up after ${count(stat.records)} rows`);
      }
    }
    return out;
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
