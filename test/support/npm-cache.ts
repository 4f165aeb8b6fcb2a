// Provisioning tests install real npm packages; this fills the npm cache first so their timed part is not network-bound.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The cache the tests hand to the gateway's npm (the machine's own, already holding what `npm ci` fetched). */
export const NPM_CACHE = process.env.npm_config_cache ?? path.join(os.homedir(), '.npm');
/** A cold cache on a fresh machine fetches ~100 packuments from the registry; this bounds it. */
export const WARM_TIMEOUT_MS = 150_000;

export function npmTestEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { npm_config_cache: NPM_CACHE, npm_config_update_notifier: 'false', ...extra };
}

/**
 * After `npm ci` the cache holds a package's tarballs but not the registry metadata npm needs to resolve
 * it again, so the first install on a fresh machine asks the registry (seen: over 25 s). One throwaway
 * install here pays that once; the gateway's own install then runs from the cache in a few seconds.
 */
export function warmNpmCache(spec: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-npm-warm-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
    execFileSync(
      'npm',
      ['install', '--prefix', dir, '--no-audit', '--no-fund', '--omit=dev', '--prefer-offline', '--', spec],
      {
        env: { ...process.env, ...npmTestEnv() },
        stdio: 'ignore',
        timeout: WARM_TIMEOUT_MS,
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
