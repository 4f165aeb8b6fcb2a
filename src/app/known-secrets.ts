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

/** Shell variables whose names match the pattern but hold paths: the working folder is no secret. */
const NOT_SECRETS = new Set(['PWD', 'OLDPWD']);

/**
 * Values of variables whose names say they hold a credential (GITHUB_TOKEN, API_KEY, ...), from one
 * environment. Absolute paths are left out (SSH_AUTH_SOCK, XAUTHORITY): redacting them would mangle
 * every path a server prints, and a credential is never one.
 */
export function secretLookingValues(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '' && !NOT_SECRETS.has(pair[0]) && SECRET_KEY_PATTERN.test(pair[0]) && !isAbsolutePath(pair[1]))
    .map(([, value]) => value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
}

function isAbsolutePath(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value);
}
