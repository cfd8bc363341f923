// The commerce generator: every stream of the contract at a chosen rate, deterministic for a seed and a clock.
import { COMMERCE_STREAMS, type CommerceStream, type GeneratedRecord, type StreamValue } from './commerce-streams.js';
import { DEFAULT_FLASH_SALE, flashSaleActive, type FlashSaleSchedule } from './flash-sale.js';
import { FollowUpQueue } from './follow-up-queue.js';
import type { GeneratorClock } from './generator-clock.js';
import { DEFAULT_SHARES, type GeneratorShares } from './generator-shares.js';
import { MachineMetrics, writeLogLine } from './host-telemetry.js';
import { placeMarketplaceOrder } from './marketplace-scenario.js';
import { placeOrder } from './order-scenario.js';
import { crawl, startPromoSession } from './promo-session-scenario.js';
import { RandomDraws, type Weighted } from './random-draws.js';
import { startRees46Session } from './rees46-scenario.js';
import type { ScenarioEmitter } from './scenario-emitter.js';
import { payTradeOrder } from './trade-order-scenario.js';

export interface CommerceGeneratorOptions {
  readonly seed: number;
  readonly clock: GeneratorClock;
  /** Events per second outside flash sales (machine metrics, one per host per second, come on top). */
  readonly rate: number;
  /** The streams to write (default: all); scenarios that feed none of them are not started. */
  readonly streams?: readonly CommerceStream[];
  /** The share of records whose event time is moved back by up to `outOfOrderBoundMs` (default 0). */
  readonly outOfOrderRate?: number;
  readonly outOfOrderBoundMs?: number;
  /** The share of records sent a second time, identical, up to two seconds later (default 0). */
  readonly duplicateRate?: number;
  /** Default: a sale at ten times the rate for the first minute of every ten; null: none. */
  readonly flashSale?: FlashSaleSchedule | null;
  readonly shares?: Partial<GeneratorShares>;
}

export const DEFAULT_OUT_OF_ORDER_BOUND_MS = 5_000;
/** Duplicates arrive within this long after the original (a redelivery, not an echo in the same batch). */
export const DUPLICATE_DELAY_MS = 2_000;
/** After a pause (a slow target, a suspended process) the generator catches up at most this much time. */
const MAX_CATCH_UP_MS = 1_000;
/** Scenario starts in a row that emit nothing (their first step is for streams left out) before a batch ends. */
const MAX_IDLE_STARTS = 1_000;

interface Scenario {
  readonly weight: number;
  /** Streams the scenario may emit into; it is started only when one of them is wanted. */
  readonly streams: readonly CommerceStream[];
  readonly start: (emitter: ScenarioEmitter, shares: GeneratorShares) => void;
}

const SCENARIOS: readonly Scenario[] = [
  { weight: 30, streams: ['ecommerce.orders', 'ecommerce.orders.eu'], start: placeOrder },
  {
    weight: 8,
    streams: ['marketplace_orders', 'marketplace_order_items', 'seller_fulfillment', 'seller_ratings', 'marketplace_refunds'],
    start: placeMarketplaceOrder,
  },
  { weight: 12, streams: ['promo.search_logs', 'promo.product_views', 'promo.orders', 'promo.site_traffic'], start: startPromoSession },
  { weight: 0.3, streams: ['promo.site_traffic'], start: crawl },
  { weight: 15, streams: ['promo.app_logs'], start: (emitter, shares) => writeLogLine(emitter, shares.errorLogs) },
  { weight: 6, streams: ['trade_order_detail_info'], start: payTradeOrder },
  { weight: 5, streams: ['rees46.events'], start: (emitter, shares) => startRees46Session(emitter, shares.cartPurchase) },
];

type FollowUp = (emitter: ScenarioEmitter) => void;

/**
 * Generates the commerce streams. Each `nextBatch` reads the clock once and returns the records of the time
 * since the previous call: follow-ups that came due (status updates, fulfilment stages, next steps of sessions,
 * duplicates), new scenarios up to the rate (ten times it during a flash sale), and a machine-metrics reading per
 * host for every second begun. No I/O; two generators with the same options and clock readings return the same
 * batches.
 */
export class CommerceGenerator {
  /** In ids, so that a restarted run does not reuse the ids of an earlier one. */
  readonly runTag: string;
  private readonly draws: RandomDraws;
  private readonly shares: GeneratorShares;
  private readonly wanted: ReadonlySet<CommerceStream>;
  private readonly scenarios: readonly Weighted<Scenario>[];
  private readonly flashSale: FlashSaleSchedule | null;
  private readonly outOfOrderRate: number;
  private readonly outOfOrderBoundMs: number;
  private readonly duplicateRate: number;
  private readonly followUps = new FollowUpQueue<FollowUp>();
  private readonly machines = new MachineMetrics();
  private readonly counters = new Map<string, number>();
  private lastMs: number | undefined;
  private lastSecond = 0;
  private budget = 0;
  private batch: GeneratedRecord[] = [];
  private nowMs = 0;
  private onSale = false;

  constructor(private readonly options: CommerceGeneratorOptions) {
    if (!(options.rate >= 0) || !Number.isFinite(options.rate)) throw new RangeError(`rate must be a non-negative number: ${options.rate}`);
    this.draws = new RandomDraws(options.seed);
    this.shares = { ...DEFAULT_SHARES, ...options.shares };
    this.wanted = new Set(options.streams ?? COMMERCE_STREAMS);
    this.scenarios = SCENARIOS.filter((scenario) => scenario.streams.some((stream) => this.wanted.has(stream))).map((scenario) => [scenario, scenario.weight] as const);
    this.flashSale = options.flashSale === undefined ? DEFAULT_FLASH_SALE : options.flashSale;
    this.outOfOrderRate = options.outOfOrderRate ?? 0;
    this.outOfOrderBoundMs = options.outOfOrderBoundMs ?? DEFAULT_OUT_OF_ORDER_BOUND_MS;
    this.duplicateRate = options.duplicateRate ?? 0;
    this.runTag = Math.floor(options.clock.now() / 1000).toString(36);
  }

  /** Whether the last batch fell in a flash sale. */
  get inFlashSale(): boolean {
    return this.onSale;
  }

  /** Follow-ups not yet due (for a final summary: what a longer run would still have sent). */
  get pendingFollowUps(): number {
    return this.followUps.size;
  }

  /** The records since the previous call (the first call only starts the clock's count and the metrics' second). */
  nextBatch(): GeneratedRecord[] {
    const now = this.options.clock.now();
    const first = this.lastMs === undefined;
    const elapsed = first ? 0 : Math.min(MAX_CATCH_UP_MS, Math.max(0, now - this.lastMs!));
    if (first) this.lastSecond = Math.floor(now / 1000) - 1;
    this.lastMs = now;
    this.nowMs = now;
    this.onSale = flashSaleActive(this.flashSale, now);
    this.batch = [];
    this.emitMachineMetrics(now);
    const rate = this.options.rate * (this.onSale ? this.flashSale!.factor : 1);
    this.budget = Math.min(this.budget + (rate * elapsed) / 1000, Math.max(1, (rate * MAX_CATCH_UP_MS) / 1000));
    this.spendBudget(now);
    return this.batch;
  }

  private emitMachineMetrics(now: number): void {
    const second = Math.floor(now / 1000);
    if (!this.wanted.has('promo.machine_metrics')) {
      this.lastSecond = second;
      return;
    }
    // After a long pause only the last few seconds are filled in, as a live collector would have lost the rest.
    for (let current = Math.max(this.lastSecond + 1, second - 4); current <= second; current++) this.machines.emitSecond(this.emitter, current * 1000);
    this.lastSecond = second;
  }

  private spendBudget(now: number): void {
    let idle = 0;
    while (this.budget >= 1) {
      const before = this.batch.length;
      const due = this.followUps.popDue(now);
      if (due) due(this.emitter);
      else if (this.scenarios.length > 0) this.startScenario();
      else break;
      const emitted = this.batch.length - before;
      this.budget -= emitted;
      idle = emitted > 0 ? 0 : idle + 1;
      if (idle > MAX_IDLE_STARTS) break;
    }
  }

  private startScenario(): void {
    this.draws.weighted(this.scenarios).start(this.emitter, this.shares);
  }

  private push(stream: CommerceStream, value: StreamValue, key: string | undefined): void {
    this.batch.push(key === undefined ? { stream, value } : { stream, key, value });
  }

  /** The face scenarios see; its `nowMs` and `flashSale` read the batch being built. */
  private readonly emitter: ScenarioEmitter = ((generator: CommerceGenerator): ScenarioEmitter => ({
    get draws() {
      return generator.draws;
    },
    get nowMs() {
      return generator.nowMs;
    },
    get flashSale() {
      return generator.onSale;
    },
    get runTag() {
      return generator.runTag;
    },
    emit(stream, value, key) {
      if (!generator.wanted.has(stream)) return;
      generator.push(stream, value, key);
      if (generator.duplicateRate > 0 && generator.draws.chance(generator.duplicateRate)) {
        generator.followUps.schedule(generator.nowMs + generator.draws.intBetween(1, DUPLICATE_DELAY_MS), () => generator.push(stream, value, key));
      }
    },
    later(delayMs, action) {
      generator.followUps.schedule(generator.nowMs + Math.max(0, delayMs), action);
    },
    eventTime(ms) {
      if (generator.outOfOrderRate <= 0 || !generator.draws.chance(generator.outOfOrderRate)) return ms;
      return ms - generator.draws.intBetween(1, generator.outOfOrderBoundMs);
    },
    next(counter) {
      const value = (generator.counters.get(counter) ?? 0) + 1;
      generator.counters.set(counter, value);
      return value;
    },
  }))(this);
}
