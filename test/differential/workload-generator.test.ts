// Tests the workload generator's determinism and shape (oracle.test.ts runs its SQL on PostgreSQL).
import { describe, expect, it } from 'vitest';
import { generateWorkload, workloadSizeOf } from './workload-generator.js';

describe('generateWorkload', () => {
  it('gives the same workload for the same seed', () => {
    expect(generateWorkload(17)).toEqual(generateWorkload(17));
    expect(generateWorkload(17)).not.toEqual(generateWorkload(18));
  });

  it('sizes workloads by seed and creates the views before the data or after a batch', () => {
    expect(workloadSizeOf(40)).toBe('large');
    expect(workloadSizeOf(41)).toBe('small');
    let backfills = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const workload = generateWorkload(seed);
      expect(workload.batches.length).toBeGreaterThanOrEqual(workload.size === 'small' ? 2 : 4);
      expect(workload.viewsAfterBatch).toBeLessThan(workload.batches.length);
      if (workload.viewsAfterBatch > 0) backfills++;
    }
    expect(backfills).toBeGreaterThan(20);
    expect(backfills).toBeLessThan(80);
  });

  it('mixes inserts, updates and deletes over the three tables', () => {
    const statements = Array.from({ length: 30 }, (_, idx) => generateWorkload(idx + 1).batches.flat()).flat();
    for (const prefix of [
      'INSERT INTO orders', 'INSERT INTO fulfillment', 'INSERT INTO ratings', 'UPDATE orders', 'UPDATE fulfillment',
      'UPDATE ratings', 'DELETE FROM orders', 'DELETE FROM fulfillment', 'DELETE FROM ratings',
    ]) {
      expect(statements.some((statement) => statement.startsWith(prefix)), prefix).toBe(true);
    }
  });
});
