// Decides whether an object key names a secret (`api_key`, `clientSecret`, `X-Api-Key`), word by word.

/**
 * Qualifiers that glue onto a redact key as one word in common credential names (`apikey`, `accesstoken`,
 * `clientsecret`, `passwordhash`). Only these: a bare suffix match would redact `monkey` and `turkey`.
 */
const COMPOUND_QUALIFIERS: readonly string[] = ['api', 'access', 'auth', 'refresh', 'client', 'private', 'public', 'secret', 'session', 'bearer', 'id', 'app', 'master', 'signing', 'encryption', 'hash', 'hashed', 'digest', 'old', 'new'];

/**
 * `api_key` → `api key`, `XApiKey` → `x api key`, `APIKey` → `api key`, `passwordHash` → `password hash`:
 * split on anything not a letter or digit, then at camelCase humps, lower-cased.
 */
export function splitKeyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export type KeyMatcher = (key: string) => boolean;

/**
 * The rule: a key matches a redact key when
 * - the redact key's words appear in the key as whole, consecutive words (`token` matches `access_token`,
 *   `X-Auth-Token`, `tokenId`; not `max_tokens` or `tokenizer`), or
 * - some consecutive words of the key, glued, spell the redact key glued (`api_key` matches redact key `apikey`), or
 * - one word of the key is the redact key with a known qualifier glued before or after (`apikey`, `accesstoken`,
 *   `clientsecret`, `passwordhash`); other glued words (`monkey`, `keyboard`) do not match.
 * Case never matters. A key is checked once per distinct spelling (the answers are cached).
 */
export function createKeyMatcher(redactKeys: readonly string[]): KeyMatcher {
  const wanted = redactKeys.map(splitKeyWords).filter((words) => words.length > 0);
  const cache = new Map<string, boolean>();
  return (key) => {
    let answer = cache.get(key);
    if (answer === undefined) {
      const words = splitKeyWords(key);
      answer = wanted.some((redactWords) => matchesWords(words, redactWords));
      // Keys come from tool arguments; a hostile caller must not grow the cache without bound.
      if (cache.size < 10_000) cache.set(key, answer);
    }
    return answer;
  };
}

function matchesWords(words: readonly string[], redactWords: readonly string[]): boolean {
  const glued = redactWords.join('');
  for (let start = 0; start < words.length; start += 1) {
    let spelled = '';
    for (let end = start; end < words.length && spelled.length < glued.length; end += 1) {
      spelled += words[end];
      if (spelled === glued) return true;
    }
    const word = words[start]!;
    if (word.length > glued.length && (word.startsWith(glued) || word.endsWith(glued))) {
      const rest = word.startsWith(glued) ? word.slice(glued.length) : word.slice(0, word.length - glued.length);
      if (COMPOUND_QUALIFIERS.includes(rest)) return true;
    }
  }
  return false;
}
