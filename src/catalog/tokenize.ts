// How tool text becomes search terms: identifiers split on case, digits and punctuation; light stemming.

/** Words too common in tool descriptions to tell tools apart. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'in', 'into', 'is', 'it', 'its', 'of', 'on', 'or',
  'that', 'the', 'this', 'to', 'was', 'will', 'with', 'you', 'your', 'my', 'me', 'i', 'can', 'please', 'using', 'use',
]);

/**
 * Splits text into lowercase words: `createPullRequest`, `create_pull_request`, `create-pull.request`
 * and `HTTPServer2` all give their parts (`http`, `server`, `2`).
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const chunk of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!chunk) continue;
    const parts = chunk
      .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
      .replace(/(\p{L})(\p{N})/gu, '$1 $2')
      .replace(/(\p{N})(\p{L})/gu, '$1 $2')
      .split(' ');
    for (const part of parts) if (part) words.push(part.toLowerCase());
  }
  return words;
}

/** A deliberately light stemmer (plural and common verb endings), applied alike to documents and queries. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** MiniSearch `processTerm`: drops stop words, stems the rest. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  return stem(lower);
}
