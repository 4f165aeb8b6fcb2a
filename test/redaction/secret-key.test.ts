// The one rule for a secret-looking key or name, and the folders that ask it instead of keeping their own.
import { describe, expect, it } from 'vitest';
import { isCredentialName } from '../../src/config/credential-names.js';
import { isCensoredKey } from '../../src/log/sanitize-log-fields.js';
import { DEFAULT_REDACT_KEYS } from '../../src/policy/policy-types.js';
import { CREDENTIAL_WORDS, createKeyMatcher, isPlaceName, isSecretKey } from '../../src/redaction/index.js';
import { classifySecretName } from '../../src/secrets/secret-names.js';

/** Keys and names every folder must take as secret: argument keys, log fields, header and env names. */
const SECRET = [
  'token',
  'api_key',
  'apiKey',
  'X-Api-Key',
  'accessToken',
  'client_secret',
  'Authorization',
  'set-cookie',
  'passwordHash',
  'GITHUB_TOKEN',
  'DB_PWD',
  'MYSQL_PASS',
  'PGPASSWORD',
  'AWS_SECRET_ACCESS_KEY',
  'TWILIO_ACCOUNT_SID',
  'DATABASE_DSN',
  'AUTH_HEADER',
  'SESSION_COOKIE',
];
/** Ordinary keys that merely hold the letters, and places whose names hold a credential word. */
const NOT_SECRET = [
  'monkey',
  'keyboard',
  'max_tokens',
  'maxTokens',
  'tokens',
  'tokenizer',
  'turkey',
  'secretary',
  'author',
  'query',
  'REGION',
  'HOME',
  'PWD',
  'SSH_AUTH_SOCK',
  'GOOGLE_CREDENTIALS_FILE',
  'TOKEN_PATH',
  'KEY_DIR',
  'XDG_CONFIG_HOME',
  'keyPath',
];

describe('the secret-key rule', () => {
  it('takes credential words as whole words, glued compounds and long suffixes, in any spelling', () => {
    for (const key of SECRET) expect(isSecretKey(key), key).toBe(true);
    for (const key of NOT_SECRET) expect(isSecretKey(key), key).toBe(false);
  });

  it('never takes a place', () => {
    for (const name of ['HOME', 'PWD', 'SSH_AUTH_SOCK', 'KEY_DIR', 'XDG_DATA_HOME', 'LC_ALL', 'auth_file'])
      expect(isPlaceName(name), name).toBe(true);
    expect(isPlaceName('GITHUB_TOKEN')).toBe(false);
  });

  it('is the one rule of logs, audit lines, config credentials and stored secrets', () => {
    const audit = createKeyMatcher(DEFAULT_REDACT_KEYS);
    expect(DEFAULT_REDACT_KEYS).toBe(CREDENTIAL_WORDS);
    for (const key of [...SECRET, ...NOT_SECRET]) {
      const secret = isSecretKey(key);
      expect(isCensoredKey(key), `log ${key}`).toBe(secret);
      expect(audit(key), `audit ${key}`).toBe(secret);
      expect(isCredentialName(key), `config ${key}`).toBe(secret);
    }
    // Storing is stricter: the one rule, and not an address or an identifier; never a loader variable.
    for (const name of SECRET.filter((key) => /^[A-Z_]+$/.test(key)))
      expect(classifySecretName(name), name).toBe('credential');
    for (const name of ['SERVICE_TOKEN_URL', 'API_KEY_ID', 'REGION', 'TOKEN_PATH'])
      expect(classifySecretName(name), name).toBe('setting');
    expect(classifySecretName('NODE_OPTIONS')).toBe('denied');
  });

  it('censors whole credential maps in logs on top of the rule', () => {
    expect(isCensoredKey('env')).toBe(true);
    expect(isCensoredKey('headers')).toBe(true);
    expect(isSecretKey('headers')).toBe(false);
  });
});
