// Exact credential values the gateway knows of, so redaction can catch them in any output.
import type { ServerEntry } from '../config/server-entry.js';

/** Env and header names whose values are treated as secrets. Other values (paths, regions, labels) are not redacted. */
const SECRET_KEY_PATTERN = /(token|secret|passw|pwd|key|auth|credential|cookie|session)/i;

export function collectKnownSecrets(entries: Iterable<ServerEntry>, storedValues: readonly string[]): string[] {
  const values = new Set(storedValues);
  for (const entry of entries) {
    const pairs = entry.transport === 'stdio' ? Object.entries(entry.env) : Object.entries(entry.headers);
    for (const [key, value] of pairs) {
      if (SECRET_KEY_PATTERN.test(key)) values.add(value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
    }
  }
  return [...values];
}

/** Variables whose names match the pattern but hold a path or a socket: the working folder is no secret. */
const NOT_SECRET_NAME = /^(PWD|OLDPWD|XAUTHORITY)$|_(SOCK|SOCKET|PATH|FILE|DIR|HOME)$/i;

/**
 * Values of variables whose names say they hold a credential (GITHUB_TOKEN, API_KEY, ...), from one
 * environment. Names of paths and sockets are left out (SSH_AUTH_SOCK, GOOGLE_APPLICATION_CREDENTIALS_FILE):
 * redacting them would mangle every path a server prints.
 */
export function secretLookingValues(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '' && !NOT_SECRET_NAME.test(pair[0]) && SECRET_KEY_PATTERN.test(pair[0]))
    .map(([, value]) => value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
}
