// Which values of a server entry (and of an environment) are credentials the gateway must redact, by the one secret-key rule.
import { isPlaceName, isSecretKey } from '../redaction/index.js';

/** Fields whose `${VAR}` values travel to the server as data (a command line, an address, a header): a credential passed this way is one whatever its variable is called. */
const CARRYING_FIELDS: ReadonlySet<EntryField> = new Set(['args', 'url', 'headers']);

/** Where in a server entry a `${VAR}` reference is written. */
export type EntryField = 'command' | 'args' | 'env' | 'cwd' | 'url' | 'headers';

/** A value already preceded by an auth scheme word; the word is not part of the credential. */
const SCHEME_WORD = /^(Bearer|Basic|Token)\s+/i;

/** An absolute path (`/srv/data`, `~/notes`, `C:\work`): a folder passed in args, not a credential. */
const ABSOLUTE_PATH = /^(\/|~\/|[A-Za-z]:[\\/])/;

/** Env, header and variable names whose values are credentials (redaction/secret-key.ts); paths, regions and labels are not. */
export function isCredentialName(name: string): boolean {
  return isSecretKey(name);
}

/** The credential in a named value (without a `Bearer ` scheme word), or undefined when the name says it holds none. */
export function credentialOf(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '' || !isCredentialName(name)) return undefined;
  return value.replace(SCHEME_WORD, '');
}

/**
 * The credential in the value of `${name}` written in `field` of a server entry, or undefined. The rule:
 * - a variable named like a place (HOME, PWD, `*_DIR`, `*_PATH`, ...) is never one;
 * - a variable named like a credential is one in any field;
 * - any other variable is one in args, url and headers, unless its value is an absolute path.
 */
export function interpolatedCredential(name: string, field: EntryField, value: string): string | undefined {
  if (isCredentialName(name)) return credentialOf(name, value);
  if (isPlaceName(name) || !CARRYING_FIELDS.has(field) || value === '' || ABSOLUTE_PATH.test(value)) return undefined;
  return value.replace(SCHEME_WORD, '');
}
