// Settings both crash tests share: integers from the environment, and the partitions of the seed topics.

/** A positive integer from environment variable `name`, or `fallback` when it is not set. */
export function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/** Partitions of each seed source's topic: offsets are kept per partition. */
export const PARTITIONS: Readonly<Record<string, number>> = { orders: 3, marketplace_orders: 3, seller_fulfillment: 2, seller_ratings: 2 };
