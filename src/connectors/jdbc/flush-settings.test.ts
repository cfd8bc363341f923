// Tests of the flush options: Flink's legacy and current names, durations, defaults and errors.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLUSH, jdbcFlushSettings, parseDurationMs } from './flush-settings.js';

const flush = (options: Record<string, string>) => jdbcFlushSettings(new Map(Object.entries(options)));

describe('jdbcFlushSettings', () => {
  it('reads row counts and intervals under both Flink names, with defaults', () => {
    expect(flush({})).toEqual(DEFAULT_FLUSH);
    expect(flush({ 'connector.write.flush.max-rows': '1000', 'connector.write.flush.interval': '1s' })).toEqual({ maxRows: 1000, intervalMs: 1000 });
    expect(flush({ 'sink.buffer-flush.max-rows': '0', 'sink.buffer-flush.interval': '2 min' })).toEqual({ maxRows: 0, intervalMs: 120_000 });
    expect(flush({ 'connector.write.flush.interval': '0' })).toEqual({ maxRows: 5000, intervalMs: 0 });
  });

  it('rejects bad values and a sink that would never write', () => {
    expect(() => flush({ 'connector.write.flush.max-rows': '-1' })).toThrow('invalid value for option "connector.write.flush.max-rows": "-1"');
    expect(() => flush({ 'connector.write.flush.max-rows': '1e3' })).toThrow('invalid value for option "connector.write.flush.max-rows": "1e3"');
    expect(() => flush({ 'sink.buffer-flush.interval': '1 fortnight' })).toThrow('invalid value for option "sink.buffer-flush.interval": "1 fortnight"');
    expect(() => flush({ 'connector.write.flush.max-rows': '0', 'connector.write.flush.interval': '0s' })).toThrow(
      'options "connector.write.flush.max-rows" and "connector.write.flush.interval" cannot both be 0',
    );
  });
});

describe('parseDurationMs', () => {
  it("reads Flink's durations; a bare number is milliseconds", () => {
    expect(['250', '250ms', '3s', '3 seconds', '1min', '1m', '2h', '1d', ' 5 SEC '].map(parseDurationMs)).toEqual([
      250, 250, 3000, 3000, 60_000, 60_000, 7_200_000, 86_400_000, 5000,
    ]);
    expect(['', 's', '1.5s', '-1s', '1 s s', '99999999999999999 d'].map(parseDurationMs)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
