// ORDER BY ... LIMIT k of a batch query: the first k rows in order, without sorting all of them.

/**
 * The first `count` rows of `rows` in the order of `compare`, ties kept in input order (a stable sort's first
 * `count`). A bounded max-heap of the best `count` seen: O(n log count) and `count` rows of memory, where a full sort
 * of a large view for a dashboard's "top 10" is O(n log n) and copies every row.
 */
export function topRows<R>(rows: readonly R[], count: number, compare: (a: R, b: R) => number): R[] {
  if (count <= 0) return [];
  // Heap entries are input indexes: comparing equal rows by index keeps the order stable.
  const before = (a: number, b: number): boolean => {
    const order = compare(rows[a]!, rows[b]!);
    return order < 0 || (order === 0 && a < b);
  };
  const heap: number[] = [];
  const siftDown = (from: number): void => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      // The heap's root is the worst row kept: children come before their parent.
      const worse = right < heap.length && before(heap[left]!, heap[right]!) ? right : left;
      if (!before(heap[at]!, heap[worse]!)) return;
      [heap[at], heap[worse]] = [heap[worse]!, heap[at]!];
      at = worse;
    }
  };
  for (let index = 0; index < rows.length; index++) {
    if (heap.length < count) {
      heap.push(index);
      for (let at = heap.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (!before(heap[parent]!, heap[at]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (before(index, heap[0]!)) {
      heap[0] = index;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : 1)).map((index) => rows[index]!);
}
