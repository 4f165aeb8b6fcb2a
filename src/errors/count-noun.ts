// "1 tool", "2 tools": a count with its noun, for every message and printed line that counts something.

/** `count` and the noun, singular for exactly 1; `plural` for nouns that do not just add "s". */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
