// Tests of Project.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../types/value.js';
import { Project } from './project.js';

describe('Project', () => {
  it('builds new rows from expressions and keeps weights', () => {
    const project = new Project([(row: Row) => row[1], (row: Row) => (row[0] as number) * 2]);
    const input: Row[] = [[1, 'a'], [2, 'b']];
    expect(project.push(0, { rows: input, weights: [1, -1] })).toEqual({ rows: [['a', 2], ['b', 4]], weights: [1, -1] });
    expect(input).toEqual([[1, 'a'], [2, 'b']]);
    expect(project.push(0, { rows: [], weights: [] })).toBeNull();
    expect(project.barrier()).toBeNull();
  });

  it('evaluates a retraction again: it keeps nothing of the rows it made', () => {
    let evaluations = 0;
    const project = new Project([(row: Row) => (evaluations++, row[0])]);
    const row: Row = ['a'];
    const inserted = project.push(0, { rows: [row], weights: [1] })!;
    const retracted = project.push(0, { rows: [row], weights: [-1] })!;
    expect(retracted.rows[0]).not.toBe(inserted.rows[0]);
    expect(retracted.rows[0]).toEqual(['a']);
    expect(evaluations).toBe(2);
  });
});
