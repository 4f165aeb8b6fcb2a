// How tool text becomes search terms: identifiers split on case, digits and punctuation; stop words; stemming.
import { stemmer } from 'stemmer';

/** Words too common in tool descriptions to tell tools apart. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'has',
  'in',
  'into',
  'is',
  'it',
  'its',
  'of',
  'on',
  'or',
  'that',
  'the',
  'this',
  'to',
  'was',
  'will',
  'with',
  'you',
  'your',
  'my',
  'me',
  'i',
  'can',
  'please',
  'using',
  'use',
]);

/**
 * Words a person puts around a need ("I want to", "could you", "some") that never name what a tool does.
 * Dropped from queries only: in a description they are harmless and already rare.
 */
export const QUERY_STOP_WORDS: ReadonlySet<string> = new Set([
  ...STOP_WORDS,
  'want',
  'need',
  'needs',
  'like',
  'would',
  'could',
  'should',
  'let',
  'lets',
  'do',
  'does',
  'did',
  'we',
  'our',
  'us',
  'some',
  'something',
  'anything',
  'thing',
  'things',
  'how',
  'what',
  'which',
  'who',
  'whose',
  'where',
  'there',
  'here',
  'just',
  'also',
  'currently',
  'right',
  'now',
  'tool',
  'tools',
  'mcp',
  'via',
  'about',
  'any',
  'them',
  'they',
  'their',
  'it',
  'have',
  'am',
  'been',
  'being',
  'then',
  'so',
  'if',
  'whether',
  'up',
  'out',
  'off',
  'again',
  'very',
  'really',
  'quickly',
  'one',
  'onto',
]);

/**
 * One word of an identifier or of prose: an acronym before a capitalized word (`HTTP` in `HTTPServer`),
 * a capitalized or lowercase word, a run of capitals, a run of digits, or letters of a script without case.
 * Combining marks stay with their letter. One regex pass: four replaces per word cost 14 times as much.
 */
const WORD = /\p{Lu}+(?=\p{Lu}[\p{Ll}\p{M}])|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+|\p{N}+|[\p{L}\p{M}]+/gu;

/**
 * Splits text into lowercase words: `createPullRequest`, `create_pull_request`, `create-pull.request`
 * and `HTTPServer2` all give their parts (`http`, `server`, `2`).
 */
export function tokenize(text: string): string[] {
  return (text.match(WORD) ?? []).map((word) => word.toLowerCase());
}

/** A light stemmer (plurals only): the engine's first version, kept for the benchmark's ablation. */
export function lightStem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/**
 * Porter stemming, so `create`, `creating` and `created` meet; applied alike to documents and queries.
 * Short words and words with digits (ids, `s3`, `v2`) are kept as they are.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word) || !/^[a-z]+$/.test(word)) return word;
  return stemmer(word);
}
