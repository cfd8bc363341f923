import { describe, expect, it } from 'vitest';
import { commandTag } from './command-tag.js';

describe('command tags', () => {
  it.each([
    ['CREATE_TABLE', 'CREATE TABLE'],
    ['CREATE_MATERIALIZED_VIEW', 'CREATE MATERIALIZED VIEW'],
    ['DROP_MATERIALIZED_VIEW', 'DROP MATERIALIZED VIEW'],
    ['CREATE_SOURCE', 'CREATE SOURCE'],
    ['SHOW 3', 'SHOW'],
    ['INSERT 0 3', 'INSERT 0 3'],
    ['SELECT 12', 'SELECT 12'],
    ['FLUSH', 'FLUSH'],
    ['EXPLAIN', 'EXPLAIN'],
  ])('%s is written %s', (engineTag, tag) => {
    expect(commandTag(engineTag)).toBe(tag);
  });

  it("counts a portal's last part", () => {
    expect(commandTag('SELECT 100', 40)).toBe('SELECT 40');
    expect(commandTag('INSERT 0 2', 1)).toBe('INSERT 0 2');
  });
});
