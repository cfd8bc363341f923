// View filters evaluated in code, over full rows of change batches (the change stream), as SQL would evaluate them.
import { comparator } from '../../types/compare.js';
import type { Row } from '../../types/value.js';
import type { ColumnFilter } from './view-query.js';

/** Both tests, either of which may be absent. */
export function bothFilters(first: ((row: Row) => boolean) | undefined, second: ((row: Row) => boolean) | undefined): ((row: Row) => boolean) | undefined {
  if (first === undefined || second === undefined) return first ?? second;
  return (row) => first(row) && second(row);
}

/**
 * A predicate true for the rows that pass every filter, with the answers `viewQuerySql`'s WHERE clause gives: a
 * NULL column fails every comparison, values compare with PostgreSQL's ordering of the column type.
 * Undefined when there are no filters, so that callers can skip the per-row call.
 */
export function rowFilter(filters: readonly ColumnFilter[]): ((row: Row) => boolean) | undefined {
  if (filters.length === 0) return undefined;
  const tests = filters.map((filter): ((row: Row) => boolean) => {
    const compare = comparator(filter.column.type);
    const columnIdx = filter.columnIdx;
    const values = filter.values;
    const first = values[0]!;
    switch (filter.operator) {
      case 'eq':
        return (row) => row[columnIdx] !== null && compare(row[columnIdx]!, first) === 0;
      case 'neq':
        return (row) => row[columnIdx] !== null && compare(row[columnIdx]!, first) !== 0;
      case 'gt':
        return (row) => row[columnIdx] !== null && compare(row[columnIdx]!, first) > 0;
      case 'gte':
        return (row) => row[columnIdx] !== null && compare(row[columnIdx]!, first) >= 0;
      case 'lt':
        return (row) => row[columnIdx] !== null && compare(row[columnIdx]!, first) < 0;
      case 'lte':
        return (row) => row[columnIdx] !== null && compare(row[columnIdx]!, first) <= 0;
      case 'in':
        return (row) => row[columnIdx] !== null && values.some((value) => compare(row[columnIdx]!, value) === 0);
    }
  });
  return (row) => {
    for (const test of tests) if (!test(row)) return false;
    return true;
  };
}
