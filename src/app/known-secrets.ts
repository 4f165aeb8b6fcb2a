// Exact credential values the gateway knows of, so redaction can catch them in any output.
import type { ServerEntry } from '../config/server-entry.js';

/** Env and header names whose values are treated as secrets. Other values (paths, regions, labels) are not redacted. */
const SECRET_KEY_PATTERN = /(token|secret|passw|pwd|key|auth|credential|cookie|session)/i;
/**
 * Names that match the pattern but hold a path or a socket (PWD, SSH_AUTH_SOCK, ..._CREDENTIALS_FILE):
 * redacting those would mangle every path a server prints.
 */
const NOT_SECRET_NAME = /^(PWD|OLDPWD|XAUTHORITY)$|_(SOCK|SOCKET|PATH|FILE|DIR|HOME)$/i;

/** The credential in a named value (without a `Bearer ` scheme word), or undefined when the name says it holds none. */
function credentialOf(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '' || NOT_SECRET_NAME.test(name) || !SECRET_KEY_PATTERN.test(name)) return undefined;
  return value.replace(/^(Bearer|Basic|Token)\s+/i, '');
}

export function collectKnownSecrets(entries: Iterable<ServerEntry>, storedValues: readonly string[]): string[] {
  const values = new Set(storedValues);
  for (const entry of entries) {
    const pairs = entry.transport === 'stdio' ? Object.entries(entry.env) : Object.entries(entry.headers);
    for (const credential of credentialsIn(pairs)) values.add(credential);
  }
  return [...values];
}

/** Values of variables whose names say they hold a credential (GITHUB_TOKEN, API_KEY, ...), from one environment. */
export function secretLookingValues(env: Record<string, string | undefined>): string[] {
  return credentialsIn(Object.entries(env));
}

function credentialsIn(pairs: Array<[string, string | undefined]>): string[] {
  return pairs.map(([name, value]) => credentialOf(name, value)).filter((credential): credential is string => credential !== undefined);
}
