// The one rule for a secret-looking key or name: a tool argument's key, a log field, an env or header name.

/**
 * Words that name a credential. A key holding one as a whole word (`api_key`, `X-Auth-Token`, `DB_PWD`) is
 * secret-looking. They are the policy's default `redact_keys`, to which a policy file adds words for audit lines.
 */
export const CREDENTIAL_WORDS: readonly string[] = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'pat',
  'key',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'sid',
  'dsn',
  'connection_string',
];

/**
 * Qualifiers that glue onto a credential word as one word in common names (`apikey`, `accesstoken`,
 * `clientsecret`, `passwordhash`). Only these: a bare suffix match would take `monkey` and `turkey`.
 */
const COMPOUND_QUALIFIERS: ReadonlySet<string> = new Set([
  'api',
  'access',
  'auth',
  'refresh',
  'client',
  'private',
  'public',
  'secret',
  'session',
  'bearer',
  'id',
  'app',
  'master',
  'signing',
  'encryption',
  'hash',
  'hashed',
  'digest',
  'old',
  'new',
]);

/** Credential words long enough that any word ending in one names a credential (`PGPASSWORD`, `mytoken`); `monkey` does not. */
const MIN_SUFFIX_WORD_CHARS = 5;

/** Names of a place, never of a credential, though some hold a credential word (PWD, SSH_AUTH_SOCK, KEY_PATH, AUTH_FILE). */
const PLACE_NAMES: ReadonlySet<string> = new Set([
  'home',
  'user',
  'username',
  'logname',
  'pwd',
  'oldpwd',
  'tmpdir',
  'tmp',
  'temp',
  'shell',
  'lang',
  'language',
  'term',
  'hostname',
  'path',
  'xauthority',
  'userprofile',
  'appdata',
  'localappdata',
  'programdata',
  'systemroot',
  'windir',
]);
const PLACE_LAST_WORDS: ReadonlySet<string> = new Set([
  'sock',
  'socket',
  'path',
  'file',
  'dir',
  'home',
  'root',
  'host',
  'port',
]);
const PLACE_FIRST_WORDS: ReadonlySet<string> = new Set(['xdg', 'lc']);

/** At most this many distinct keys are remembered per matcher: keys come from tool arguments, so a caller could send endless ones. */
const MAX_CACHED_KEYS = 10_000;

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
 * The rule, for a list of credential words (CREDENTIAL_WORDS, or a policy's redact_keys): a key matches when it
 * names no place (HOME, PWD, `*_PATH`, `*_FILE`, `*_SOCK`, `XDG_*`, ...) and
 * - the words of one appear in it as whole, consecutive words (`token` takes
 *   `access_token`, `X-Auth-Token`, `tokenId`; not `max_tokens` or `tokenizer`), or
 * - some consecutive words of it, glued, spell one glued (`api_key` takes `apikey`), or
 * - one of its words is one with a known qualifier glued before or after (`apikey`, `accesstoken`, `passwordhash`),
 *   or ends in one of MIN_SUFFIX_WORD_CHARS letters or more (`PGPASSWORD`); other glued words (`monkey`) are not.
 * Case never matters. Answers are cached per spelling.
 */
export function createKeyMatcher(keys: readonly string[]): KeyMatcher {
  const wanted = keys.map(splitKeyWords).filter((words) => words.length > 0);
  const cache = new Map<string, boolean>();
  return (key) => {
    let answer = cache.get(key);
    if (answer === undefined) {
      const words = splitKeyWords(key);
      answer = !isPlace(words) && wanted.some((credentialWords) => matchesWords(words, credentialWords));
      if (cache.size < MAX_CACHED_KEYS) cache.set(key, answer);
    }
    return answer;
  };
}

const matchesCredentialWords = createKeyMatcher(CREDENTIAL_WORDS);

/** Whether a key or name looks like it holds a secret, by the built-in credential words alone. */
export function isSecretKey(key: string): boolean {
  return matchesCredentialWords(key);
}

/** Whether a name is that of a place (HOME, PWD, `*_DIR`, `*_PATH`, `XDG_*`, ...), never of a credential. */
export function isPlaceName(name: string): boolean {
  return isPlace(splitKeyWords(name));
}

function isPlace(words: readonly string[]): boolean {
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return false;
  return (
    (words.length === 1 && PLACE_NAMES.has(first)) ||
    PLACE_FIRST_WORDS.has(first) ||
    (words.length > 1 && PLACE_LAST_WORDS.has(last))
  );
}

function matchesWords(words: readonly string[], credentialWords: readonly string[]): boolean {
  const glued = credentialWords.join('');
  for (let start = 0; start < words.length; start += 1) {
    let spelled = '';
    for (let end = start; end < words.length && spelled.length < glued.length; end += 1) {
      spelled += words[end];
      if (spelled === glued) return true;
    }
    const word = words[start]!;
    if (word.length <= glued.length) continue;
    if (glued.length >= MIN_SUFFIX_WORD_CHARS && word.endsWith(glued)) return true;
    const rest = word.startsWith(glued)
      ? word.slice(glued.length)
      : word.endsWith(glued)
        ? word.slice(0, word.length - glued.length)
        : undefined;
    if (rest !== undefined && COMPOUND_QUALIFIERS.has(rest)) return true;
  }
  return false;
}
