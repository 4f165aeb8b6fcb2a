// Where toolgate keeps its files, derived purely from the environment it is given.
import path from 'node:path';
import { settingsFromEnv, type Settings } from '../settings/parse-settings.js';

export interface ToolgatePaths {
  /** TOOLGATE_HOME, default `~/.toolgate`. */
  home: string;
  /** TOOLGATE_LOCK_DIR, default TOOLGATE_HOME. */
  lockDir: string;
  logsDir: string;
  /** Last known tool lists of servers, one JSON file per server. */
  toolCacheDir: string;
  /** toolgate's own server list (`mcpServers` format). */
  serversFile: string;
  /** User policy. */
  policyFile: string;
  /** Per-server credentials injected into child environments (mode 0600). */
  secretsFile: string;
  /** One JSON line per tool call, a file per UTC day (`YYYY-MM-DD.jsonl`). */
  auditDir: string;
  /** The project files the user trusted (`toolgate trust`), by path and content hash (mode 0600). */
  trustFile: string;
  /** Words catalog_search learned from use, per tool (mode 0600; search.learn in policy turns learning off). */
  learnedTermsFile: string;
}

/** For a caller that holds only an environment; one that parsed the settings passes them to `pathsFromSettings`. */
export function resolvePaths(env: Record<string, string | undefined>, homeDir: string): ToolgatePaths {
  return pathsFromSettings(settingsFromEnv(env), homeDir);
}

export function pathsFromSettings(settings: Pick<Settings, 'home' | 'lockDir'>, homeDir: string): ToolgatePaths {
  const home = path.resolve(settings.home ?? path.join(homeDir, '.toolgate'));
  const lockDir = path.resolve(settings.lockDir ?? home);
  return {
    home,
    lockDir,
    logsDir: path.join(home, 'logs'),
    toolCacheDir: path.join(home, 'cache', 'tools'),
    serversFile: path.join(home, 'servers.json'),
    policyFile: path.join(home, 'policy.yaml'),
    secretsFile: path.join(home, 'secrets.json'),
    auditDir: path.join(home, 'audit'),
    trustFile: path.join(home, 'trusted-projects.json'),
    learnedTermsFile: path.join(home, 'cache', 'learned-search-terms.json'),
  };
}
