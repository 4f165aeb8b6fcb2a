// Turns a query into groups (one per query word or phrase), each a set of alternative wordings.
import type { SynonymTable } from './synonyms.js';
import { tokenize } from './tokenize.js';

/** One wording of a group: processed (stemmed) terms that count together, and how much it weighs. */
export interface PlannedUnit {
  terms: string[];
  /** 1 for the words the query used, lower for a synonym. */
  weight: number;
  /** The query's own words (prefix and typo matching apply), not a synonym. */
  own: boolean;
}

/** One word or phrase of the query; a tool's score for it is the best of its units. */
export interface PlannedGroup {
  units: PlannedUnit[];
}

export interface QueryPlan {
  groups: PlannedGroup[];
}

export interface PlanOptions {
  stem: (word: string) => string;
  stopWords: ReadonlySet<string>;
  /** Absent: no expansion. */
  synonyms?: SynonymTable;
  synonymWeight: number;
  /** Words after this many groups are ignored (a tool's groups are tracked in a 32-bit mask). */
  maxGroups: number;
  /** Likely intended words for a word the index does not know (typo tolerance); absent: none. */
  correct?: (word: string) => readonly PlannedUnit[];
}

/**
 * Words that form a phrase of the synonym table ("pull request", "look up") make one group; every other
 * word that is not a stop word makes its own; a repeated word or phrase counts once.
 */
export function planQuery(text: string, options: PlanOptions): QueryPlan {
  const words = tokenize(text);
  const stems = words.map((word) => options.stem(word));
  const groups: PlannedGroup[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length && groups.length < options.maxGroups;) {
    const length = options.synonyms ? longestPhraseAt(stems, i, options.synonyms) : 1;
    const key = stems.slice(i, i + length).join(' ');
    const own = words
      .slice(i, i + length)
      .filter((word) => !options.stopWords.has(word))
      .map((word) => options.stem(word));
    i += length;
    if (!own.length || seen.has(key)) continue;
    seen.add(key);
    const units: PlannedUnit[] = [{ terms: own, weight: 1, own: true }];
    if (options.correct && length === 1 && words[i - 1]) units.push(...options.correct(words[i - 1] as string));
    if (options.synonyms && options.synonymWeight > 0) {
      for (const terms of options.synonyms.expansions.get(key) ?? [])
        units.push({ terms: [...terms], weight: options.synonymWeight, own: false });
    }
    groups.push({ units });
  }
  return { groups };
}

/** Length in words of the longest synonym-table phrase starting at `start` (1 when none). */
function longestPhraseAt(stems: readonly string[], start: number, table: SynonymTable): number {
  for (let length = Math.min(table.longestPhrase, stems.length - start); length > 1; length--) {
    if (table.expansions.has(stems.slice(start, start + length).join(' '))) return length;
  }
  return 1;
}
