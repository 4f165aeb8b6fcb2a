// Which config files to read, closest first, each real file once.
import path from 'node:path';
import { realPath, resolveConfigPath } from './config-path.js';
import type { ConfigSourceRole } from './server-entry.js';

export const PROJECT_CONFIG_NAME = '.mcp.json';

export interface ConfigSource {
  path: string;
  role: ConfigSourceRole;
  /**
   * Used only when owned by the user (or root) and writable by nobody else: toolgate's own list, and project
   * files above `cwd` (a shared folder there may hold another account's file).
   */
  ownerCheck: boolean;
}

export interface ConfigSourceOptions {
  cwd: string;
  homeDir: string;
  /** toolgate's own list (`TOOLGATE_HOME/servers.json`). */
  serversFile: string;
  /** `--config` / `TOOLGATE_CONFIG`; relative to `cwd`. */
  explicitConfig?: string;
}

/**
 * Closest first: explicit, project files from `cwd` upward (nearest first), toolgate's list,
 * `~/.mcp.json`, `~/.claude/.mcp.json`. A file reached twice (walking up from a folder under home
 * reaches `~/.mcp.json`) keeps its first, closer role.
 */
export async function listConfigSources(options: ConfigSourceOptions): Promise<ConfigSource[]> {
  const candidates: ConfigSource[] = [];
  if (options.explicitConfig !== undefined && options.explicitConfig !== '') {
    candidates.push({
      path: resolveConfigPath(options.explicitConfig, options.cwd, options.homeDir),
      role: 'explicit',
      ownerCheck: false,
    });
  }
  const projectFiles = await findProjectFiles(options.cwd);
  // One missing entry still shows where the project file was looked for, without listing every ancestor.
  const project = projectFiles.length > 0 ? projectFiles : [path.join(path.resolve(options.cwd), PROJECT_CONFIG_NAME)];
  const cwd = path.resolve(options.cwd);
  candidates.push(
    ...project.map((file): ConfigSource => ({ path: file, role: 'project', ownerCheck: path.dirname(file) !== cwd })),
  );
  candidates.push(
    { path: path.resolve(options.serversFile), role: 'toolgate', ownerCheck: true },
    { path: path.join(options.homeDir, PROJECT_CONFIG_NAME), role: 'user', ownerCheck: false },
    { path: path.join(options.homeDir, '.claude', PROJECT_CONFIG_NAME), role: 'claude-user', ownerCheck: false },
  );

  const seen = new Set<string>();
  const sources: ConfigSource[] = [];
  for (const candidate of candidates) {
    const key = (await realPath(candidate.path)) ?? path.resolve(candidate.path);
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push(candidate);
  }
  return sources;
}

/** Existing `.mcp.json` files from `cwd` up to the filesystem root, nearest first. */
export async function findProjectFiles(cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, PROJECT_CONFIG_NAME);
    if ((await realPath(file)) !== undefined) found.push(file);
    if (path.dirname(dir) === dir) return found;
  }
}
