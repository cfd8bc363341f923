// Seed 002's machines: CPU, memory and I/O per host every second, with spikes; application log lines.
import { isoTime } from './event-time-format.js';
import type { RandomDraws, Weighted } from './random-draws.js';
import type { ScenarioEmitter } from './scenario-emitter.js';

export const HOSTS = ['h01', 'h02', 'h03', 'h04', 'h05', 'h06', 'h07', 'h08'] as const;
const SERVICES = ['gateway', 'search', 'catalog', 'checkout', 'payment'] as const;
const SPIKE_START_SHARE = 0.004;
const SPIKE_SECONDS = [5, 30] as const;
const FLASH_SALE_LOAD = 25;

const MESSAGES: Readonly<Record<string, readonly string[]>> = {
  DEBUG: ['cache lookup', 'request routed', 'session refreshed'],
  INFO: ['request served', 'order placed', 'search answered', 'payment authorized', 'inventory synced'],
  WARN: ['slow query', 'retrying upstream call', 'connection pool nearly exhausted'],
  ERROR: ['upstream timeout', 'payment gateway unavailable', 'database connection refused', 'unhandled exception in handler'],
};

const round1 = (value: number): number => Math.round(value * 10) / 10;
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Per-host load: each host has its own baseline; a spike pins CPU and I/O for a few seconds. */
export class MachineMetrics {
  private readonly spikeUntilSecond = new Map<string, number>();

  /** Emits one reading per host for the second starting at `secondMs`. */
  emitSecond(emitter: ScenarioEmitter, secondMs: number): void {
    const { draws } = emitter;
    const second = Math.floor(secondMs / 1000);
    HOSTS.forEach((host, hostIdx) => {
      if ((this.spikeUntilSecond.get(host) ?? -1) < second && draws.chance(SPIKE_START_SHARE)) {
        this.spikeUntilSecond.set(host, second + draws.intBetween(...SPIKE_SECONDS));
      }
      const spiking = (this.spikeUntilSecond.get(host) ?? -1) >= second;
      const load = emitter.flashSale ? FLASH_SALE_LOAD : 0;
      const cpu = spiking ? draws.intBetween(880, 995) / 10 : clamp(draws.normal(25 + hostIdx * 3 + load, 6), 1, 97);
      const io = spiking ? draws.intBetween(300, 900) : clamp(draws.normal(40 + load * 2, 12), 0, 2000);
      emitter.emit('promo.machine_metrics', {
        host,
        cpu_pct: round1(cpu),
        mem_pct: round1(clamp(draws.normal(55 + hostIdx * 2 + (spiking ? 20 : 0), 4), 5, 99)),
        io_mbps: round1(io),
        metric_ts: isoTime(emitter.eventTime(secondMs)),
      });
    });
  }
}

function logLevels(errorShare: number): Weighted<string>[] {
  const rest = 1 - errorShare;
  return [
    ['DEBUG', rest * 0.15],
    ['INFO', rest * 0.75],
    ['WARN', rest * 0.1],
    ['ERROR', errorShare],
  ];
}

/** One application log line; ERROR with probability `errorShare`. */
export function writeLogLine(emitter: ScenarioEmitter, errorShare: number): void {
  const { draws } = emitter;
  const level = draws.weighted(logLevels(errorShare));
  emitter.emit('promo.app_logs', {
    log_id: `L-${emitter.runTag}-${emitter.next('log')}`,
    host: draws.pick(HOSTS),
    service: draws.pick(SERVICES),
    level,
    message: logMessage(draws, level),
    log_ts: isoTime(emitter.eventTime(emitter.nowMs)),
  });
}

const logMessage = (draws: RandomDraws, level: string): string => draws.pick(MESSAGES[level]!);
