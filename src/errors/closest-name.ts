// "Did you mean": the known name closest to a misspelt one, by edit distance.

/** A name this many edits (insert, delete, substitute, swap two neighbours) or fewer away counts as a typo. */
export const MAX_TYPO_EDITS = 2;

/** The optimal-string-alignment distance between two short names, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  const rows: number[][] = Array.from({ length: left.length + 1 }, (_, i) =>
    Array.from({ length: right.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= left.length; i++)
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  return rows[left.length]![right.length]!;
}

/** The candidate within MAX_TYPO_EDITS of `name` (the nearest, the first on ties), if any; never `name` itself. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(name, candidate);
    if (
      distance <= MAX_TYPO_EDITS &&
      distance < Math.min(candidate.length, name.length) &&
      (!best || distance < best.distance)
    )
      best = { candidate, distance };
  }
  return best?.candidate;
}
