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

  it('retracts the very row it inserted for an input that retracts what it inserted, evaluating nothing again', () => {
    let evaluations = 0;
    const doubled = (row: Row) => {
      evaluations++;
      return (row[0] as number) * 2;
    };
    const project = new Project([doubled], { inputRetractsInserted: true });
    const first: Row = [1];
    const second: Row = [2];
    const inserted = project.push(0, { rows: [first, second], weights: [1, 1] })!;
    expect(evaluations).toBe(2);
    const retracted = project.push(0, { rows: [first, [3]], weights: [-1, 1] })!;
    expect(retracted.rows[0]).toBe(inserted.rows[0]);
    expect(retracted).toEqual({ rows: [[2], [6]], weights: [-1, 1] });
    expect(evaluations).toBe(3);
    // Forgotten once retracted: a second retraction of the same row, or one never inserted, is evaluated.
    expect(project.push(0, { rows: [first, [5]], weights: [-1, -1] })).toEqual({ rows: [[2], [10]], weights: [-1, -1] });
    expect(evaluations).toBe(5);
    expect(project.push(0, { rows: [second], weights: [-1] })!.rows[0]).toBe(inserted.rows[1]);
    expect(evaluations).toBe(5);
  });

  it('evaluates every change again when the input may retract other objects than it inserted', () => {
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
