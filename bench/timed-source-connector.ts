// A source connector wrapped so that a benchmark sees how long each poll of its readers takes.
import type { SourceConnector, SourceReader } from '../src/stream/source.js';
import { LatencySample } from './latency-sample.js';

/** Poll timings of every reader a timed connector opened (performance.now() ms). */
export class PollTimes {
  readonly pollMs = new LatencySample();
  /** From the end of one poll to the start of the next: the epoch's run, a checkpoint, the wait for the barrier. */
  readonly betweenMs = new LatencySample();
  lastStartedAt = 0;
  lastEndedAt = 0;
  /** Polls that start before this time (performance.now() ms) are a warm-up's: not recorded. */
  recordFrom = 0;
}

/** `inner` with each reader's `poll` timed into `times`; everything else is the inner reader's. */
export function timedSourceConnector(inner: SourceConnector, times: PollTimes): SourceConnector {
  return {
    name: inner.name,
    validate: (spec) => inner.validate(spec),
    async open(spec, position): Promise<SourceReader> {
      const reader = await inner.open(spec, position);
      const timed: SourceReader = {
        async poll(maxRecords) {
          const startedAt = performance.now();
          const recorded = startedAt >= times.recordFrom;
          if (recorded && times.lastEndedAt > 0) times.betweenMs.add(startedAt - times.lastEndedAt);
          times.lastStartedAt = startedAt;
          try {
            return await reader.poll(maxRecords);
          } finally {
            times.lastEndedAt = performance.now();
            if (recorded) times.pollMs.add(times.lastEndedAt - startedAt);
          }
        },
        position: () => reader.position(),
        close: () => reader.close(),
      };
      if (reader.lag) timed.lag = () => reader.lag!();
      if (reader.positionCommitted) timed.positionCommitted = (position) => reader.positionCommitted!(position);
      if (reader.release) timed.release = () => reader.release!();
      return timed;
    },
  };
}
