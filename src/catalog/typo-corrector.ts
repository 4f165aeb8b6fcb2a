// Typo tolerance: the indexed words within a small edit distance of a word no tool uses.
import SearchableMap from 'minisearch/SearchableMap';
import type { PlannedUnit } from './query-plan.js';

/** Words shorter than this are never corrected: too many neighbours. */
export const MIN_CORRECTED_LENGTH = 4;
/** One edit below this length, two from it. */
export const TWO_EDITS_FROM = 8;
/** At most this many corrections per word, closest first. */
export const MAX_CORRECTIONS = 4;
/** Weight of a correction relative to a word the query spelled right. */
export const CORRECTION_WEIGHT = 0.7;

export class TypoCorrector {
  /** Every word seen in a tool (as written, lowercased) to its stem. */
  private readonly words = new SearchableMap<string>();

  add(word: string, stemmed: string): void {
    if (word.length >= MIN_CORRECTED_LENGTH - 1 && !this.words.has(word)) this.words.set(word, stemmed);
  }

  /**
   * Known words one edit away (two from 8 letters), and swapped neighbours ("serach") as one edit, since
   * that is the commonest slip. Each as a unit of the word's stem, weighted down by its distance.
   */
  correct(word: string): PlannedUnit[] {
    if (word.length < MIN_CORRECTED_LENGTH || /\d/.test(word)) return [];
    const found = new Map<string, number>();
    const note = (stemmed: string, edits: number) =>
      found.set(stemmed, Math.min(found.get(stemmed) ?? Infinity, edits));
    for (let i = 0; i + 1 < word.length; i++) {
      const swapped = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
      const stemmed = swapped !== word ? this.words.get(swapped) : undefined;
      if (stemmed !== undefined) note(stemmed, 1);
    }
    const distance = word.length >= TWO_EDITS_FROM ? 2 : 1;
    for (const [candidate, [stemmed, edits]] of this.words.fuzzyGet(word, distance)) {
      if (candidate !== word) note(stemmed, edits);
    }
    return [...found]
      .sort((a, b) => a[1] - b[1])
      .slice(0, MAX_CORRECTIONS)
      .map(([stemmed, edits]) => ({
        terms: [stemmed],
        weight: (CORRECTION_WEIGHT * word.length) / (word.length + edits - 1),
        own: false,
      }));
  }
}
