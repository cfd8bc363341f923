// Records due later (status updates, fulfilment stages, the next step of a session), in due-time order.

interface Entry<T> {
  readonly dueMs: number;
  /** Ties break by scheduling order, so that a seed gives one order. */
  readonly sequence: number;
  readonly item: T;
}

const before = <T>(a: Entry<T>, b: Entry<T>): boolean => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.sequence < b.sequence);

/** A binary min-heap keyed by due time. */
export class FollowUpQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(dueMs: number, item: T): void {
    const heap = this.heap;
    heap.push({ dueMs, sequence: this.sequence++, item });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  /** The earliest item due at or before `nowMs`, removed; undefined when none is due. */
  popDue(nowMs: number): T | undefined {
    const heap = this.heap;
    if (heap.length === 0 || heap[0]!.dueMs > nowMs) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown();
    }
    return top.item;
  }

  private siftDown(): void {
    const heap = this.heap;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
