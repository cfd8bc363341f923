// The marketplace's sellers: popularity, contracted SLA, commission, and how well each one performs.
import type { GeneratorShares } from './generator-shares.js';
import { ZipfSampler } from './zipf-sampler.js';

export const SELLER_COUNT = 50;
export const sellerRanks = new ZipfSampler(SELLER_COUNT, 1.0);

const SLA_HOURS = [24, 48, 72] as const;
const STRUGGLING_SLA_FACTOR = 4;

/** A seller's fixed traits; struggling sellers (S07, S17, ...) fall below the leaderboard's thresholds. */
export interface SellerProfile {
  readonly sellerId: string;
  readonly struggling: boolean;
  readonly slaHours: number;
  /** 0.05 to 0.20. */
  readonly commissionRate: number;
  /** The share of orders the seller accepts. */
  readonly acceptance: number;
  /** The share of accepted orders later cancelled. */
  readonly cancellation: number;
  /** The share of shipments later than `slaHours` after acceptance. */
  readonly slaMiss: number;
  readonly ratingMean: number;
}

export const sellerId = (rank: number): string => `S${String(rank + 1).padStart(2, '0')}`;

/** The profile of the seller of popularity `rank` (0: the most popular). */
export function sellerProfile(rank: number, shares: GeneratorShares): SellerProfile {
  const struggling = (rank + 1) % 10 === 7;
  return {
    sellerId: sellerId(rank),
    struggling,
    slaHours: SLA_HOURS[rank % SLA_HOURS.length]!,
    commissionRate: (5 + (rank % 16)) / 100,
    acceptance: struggling ? 0.85 : 0.97,
    cancellation: struggling ? 0.12 : 0.03,
    slaMiss: Math.min(1, struggling ? shares.slaMiss * STRUGGLING_SLA_FACTOR : shares.slaMiss),
    ratingMean: struggling ? 3.1 : 4.4,
  };
}
