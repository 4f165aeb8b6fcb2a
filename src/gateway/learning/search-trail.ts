// Per session, the last few searches and what they answered: an invoke of a tool they offered teaches their words.
import { QUERY_STOP_WORDS, STOP_WORDS, tokenize } from '../../catalog/tokenize.js';
import { LEARNED_WORD } from './learned-terms.js';

/** A search teaches only an invoke at most this many searches and invokes after it (of the same session). */
export const LEARN_WINDOW_CALLS = 5;
/** One lesson (an invoke) teaches at most this many words: a flood of words in a query teaches its first few. */
export const MAX_WORDS_PER_LESSON = 6;
/** Sessions whose trail is kept at once; the least recently active is forgotten first. */
export const MAX_TRACKED_SESSIONS = 256;

interface TrailSearch {
  /** The call count of the session when it ran. */
  at: number;
  words: string[];
  offered: ReadonlySet<string>;
  /** Tools it already taught (a second invoke of the same tool teaches nothing more). */
  taught: Set<string>;
}

interface Trail {
  calls: number;
  searches: TrailSearch[];
}

/**
 * Words worth learning from search text: credentials redacted first (by `redact`, which masks them as
 * `[REDACTED:...]`), the masks dropped, then plain lower-case words that are not stop words.
 */
export function learnableWords(phrasings: readonly string[], redact: (text: string) => string): string[] {
  const words: string[] = [];
  for (const text of phrasings) {
    const masked = redact(text).replace(/\[REDACTED[^\]]*\]/g, ' ');
    // A word glued to digits or symbols (a token, a path, an id) is dropped whole, not split into parts.
    for (const piece of masked.split(/[\s,;!?()"']+/)) {
      if (!/^[A-Za-z]+(?:[-_][A-Za-z]+)*$/.test(piece)) continue;
      for (const word of tokenize(piece))
        if (LEARNED_WORD.test(word) && !STOP_WORDS.has(word) && !QUERY_STOP_WORDS.has(word)) words.push(word);
    }
  }
  return [...new Set(words)];
}

export class SearchTrail {
  private readonly trails = new Map<string, Trail>();

  /** A search answered `offered` (tool ids) for the need in `words`. */
  recordSearch(sessionId: string, words: readonly string[], offered: readonly string[]): void {
    const trail = this.touch(sessionId);
    trail.searches.push({ at: trail.calls, words: [...words], offered: new Set(offered), taught: new Set() });
  }

  /**
   * A successful invoke of `toolId`: when a search of the window offered it, returns the words to teach it,
   * those of the searches that offered it first (latest first), then of earlier searches in the window (a
   * first wording that missed it is what learning is for); at most MAX_WORDS_PER_LESSON. Else nothing.
   */
  recordInvoke(sessionId: string, toolId: string): string[] {
    const trail = this.touch(sessionId);
    const recent = trail.searches.filter((search) => !search.taught.has(toolId)).reverse();
    const offering = recent.filter((search) => search.offered.has(toolId));
    if (!offering.length) return [];
    const lastOffer = Math.max(...offering.map((search) => search.at));
    const earlier = recent.filter((search) => !search.offered.has(toolId) && search.at < lastOffer);
    const words = [...offering, ...earlier].flatMap((search) => {
      search.taught.add(toolId);
      return search.words;
    });
    return [...new Set(words)].slice(0, MAX_WORDS_PER_LESSON);
  }

  /** The session ended: its trail goes. */
  forget(sessionId: string): void {
    this.trails.delete(sessionId);
  }

  private touch(sessionId: string): Trail {
    const trail = this.trails.get(sessionId) ?? { calls: 0, searches: [] };
    trail.calls += 1;
    trail.searches = trail.searches.filter((search) => trail.calls - search.at <= LEARN_WINDOW_CALLS);
    this.trails.delete(sessionId);
    this.trails.set(sessionId, trail);
    if (this.trails.size > MAX_TRACKED_SESSIONS) this.trails.delete(this.trails.keys().next().value as string);
    return trail;
  }
}
