// The promotion's product catalogue and shoppers: skewed product popularity, fixed names and prices.
import { RandomDraws } from './random-draws.js';
import { ZipfSampler } from './zipf-sampler.js';

export const PROMO_PRODUCT_COUNT = 200;
export const promoProducts = new ZipfSampler(PROMO_PRODUCT_COUNT, 1.05);
export const SHOPPER_COUNT = 5_000;

const ADJECTIVES = ['Classic', 'Smart', 'Ultra', 'Eco', 'Pro', 'Mini', 'Deluxe', 'Sport'] as const;
const NOUNS = ['Headphones', 'Sneakers', 'Backpack', 'Blender', 'Watch', 'Lamp', 'Jacket', 'Speaker', 'Kettle', 'Camera'] as const;
export const SEARCH_TERMS = ['headphones', 'sneakers', 'backpack', 'blender', 'smart watch', 'desk lamp', 'rain jacket', 'bluetooth speaker', 'kettle', 'camera', 'gift', 'sale'] as const;

/** A product's fixed traits. */
export interface PromoProduct {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
}

// Product traits depend on the product alone (not on the run's seed), so that every run sells the same catalogue.
const CATALOGUE_SEED = 0x70726f6d;

const catalogue: readonly PromoProduct[] = Array.from({ length: PROMO_PRODUCT_COUNT }, (_, rank) => {
  const draws = new RandomDraws(CATALOGUE_SEED, rank);
  return {
    productId: `P${String(rank + 1).padStart(4, '0')}`,
    name: `${draws.pick(ADJECTIVES)} ${draws.pick(NOUNS)} ${rank + 1}`,
    priceCents: draws.intBetween(9, 400) * 100 - 1,
  };
});

/** The product of popularity `rank` (0: the most popular). */
export const promoProduct = (rank: number): PromoProduct => catalogue[rank]!;

/** A shopper's id and the address they browse from (a few shoppers share an address, as behind a NAT). */
export function shopper(index: number): { userId: string; ip: string } {
  const host = index % 4000;
  return { userId: `U${String(index + 1).padStart(5, '0')}`, ip: `10.${20 + (host >> 8)}.${host & 255}.${(index * 7) % 250 + 2}` };
}
