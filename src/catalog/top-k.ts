// Picks the k best of many scored candidates without sorting them all.

/**
 * Indices of the `k` highest scores, best first; ties go to the lower `order` value (the earlier
 * indexed tool), so equal scores rank the same way on every run. A min-heap of size k: O(n log k).
 */
export function topK(scores: Float64Array, order: Int32Array, k: number): number[] {
  const heap: number[] = [];
  // a is "worse" than b: lower score, or the same score and a later order.
  const worse = (a: number, b: number) =>
    (scores[a] as number) < (scores[b] as number) ||
    (scores[a] === scores[b] && (order[a] as number) > (order[b] as number));
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  for (let index = 0; index < scores.length && k > 0; index++) {
    if (heap.length < k) {
      heap.push(index);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i] as number, heap[parent] as number)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (worse(heap[0] as number, index)) {
      heap[0] = index;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < heap.length && worse(heap[left] as number, heap[worst] as number)) worst = left;
        if (right < heap.length && worse(heap[right] as number, heap[worst] as number)) worst = right;
        if (worst === i) break;
        swap(i, worst);
        i = worst;
      }
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
