// Exact credential values the gateway knows of, so redaction can catch them in any output.
import { credentialOf } from '../config/credential-names.js';
import type { ServerEntry } from '../config/server-entry.js';

/**
 * Stored secrets, and from each config entry by the one rule of config/credential-names.ts: credential-named
 * env and header values, the `${VAR}` values that rule takes in any field, and the credentials of its URL.
 */
export function collectKnownSecrets(entries: Iterable<ServerEntry>, storedValues: readonly string[]): string[] {
  const values = new Set(storedValues);
  for (const entry of entries) {
    const pairs = entry.transport === 'stdio' ? Object.entries(entry.env) : Object.entries(entry.headers);
    for (const credential of credentialsIn(pairs)) values.add(credential);
    for (const credential of entry.interpolatedSecrets ?? []) values.add(credential);
    if (entry.transport !== 'stdio') for (const credential of urlCredentials(entry.url)) values.add(credential);
  }
  return [...values];
}

/** Values of variables whose names say they hold a credential (GITHUB_TOKEN, API_KEY, ...), from one environment. */
export function secretLookingValues(env: Record<string, string | undefined>): string[] {
  return credentialsIn(Object.entries(env));
}

function credentialsIn(pairs: Array<[string, string | undefined]>): string[] {
  return pairs
    .map(([name, value]) => credentialOf(name, value))
    .filter((credential): credential is string => credential !== undefined);
}

/** A URL's password, and its query parameters named like credentials (`?api_key=...`), written literally or not. */
function urlCredentials(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const found = [...parsed.searchParams].map(([name, value]) => credentialOf(name, value));
  if (parsed.password !== '') found.push(decodeURIComponent(parsed.password), parsed.password);
  return found.filter((credential): credential is string => credential !== undefined);
}
