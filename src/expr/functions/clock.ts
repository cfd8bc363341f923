// The wall clock that now(), current_timestamp and friends read; the engine replaces `now` to pin a transaction's time.

/**
 * The current time in microseconds since 1970-01-01 UTC. The engine may replace `clock.now` (for example with
 * the start time of the running epoch, or a fixed time in tests); every time function reads it per call.
 */
export const clock: { now: () => bigint } = {
  now: (): bigint => BigInt(Date.now()) * 1000n,
};
