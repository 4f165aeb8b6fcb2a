// Where each client keeps its MCP server list, per platform and scope.
import fs from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../errors/index.js';
import type { ClientId, SetupScope } from './client-ids.js';

export interface LocationContext {
  homeDir: string;
  /** The project folder for `project` scope. */
  cwd: string;
  platform: NodeJS.Platform;
  /** Read for APPDATA, XDG_CONFIG_HOME and CODEX_HOME; never process.env directly. */
  env: Record<string, string | undefined>;
}

/** VS Code's workspace file is the usual place; every other client is set up once per user. */
export function defaultScope(client: ClientId): SetupScope {
  return client === 'vscode' ? 'project' : 'user';
}

export function clientConfigFile(client: ClientId, scope: SetupScope, context: LocationContext): string {
  const { homeDir, cwd } = context;
  switch (client) {
    case 'claude':
      // User scope lives at the top level of ~/.claude.json (not ~/.claude/settings.json).
      return scope === 'user' ? path.join(homeDir, '.claude.json') : path.join(cwd, '.mcp.json');
    case 'claude-desktop':
      if (scope === 'project') {
        throw new GatewayError('USAGE', 'Claude Desktop has one config file per user, not per project.', {
          hint: 'Drop --scope project.',
        });
      }
      return path.join(appConfigDir(context), 'Claude', 'claude_desktop_config.json');
    case 'cursor':
      return path.join(scope === 'user' ? homeDir : cwd, '.cursor', 'mcp.json');
    case 'vscode':
      return scope === 'project'
        ? path.join(cwd, '.vscode', 'mcp.json')
        : path.join(appConfigDir(context), 'Code', 'User', 'mcp.json');
    case 'opencode':
      // OpenCode reads opencode.json or opencode.jsonc; an existing .jsonc is the one to edit.
      return preferExisting(scope === 'user' ? path.join(xdgConfigHome(context), 'opencode') : cwd, [
        'opencode.json',
        'opencode.jsonc',
      ]);
    case 'codex':
      return scope === 'user' ? path.join(codexHome(context), 'config.toml') : path.join(cwd, '.codex', 'config.toml');
  }
}

/** macOS `~/Library/Application Support`, Windows `%APPDATA%`, elsewhere `$XDG_CONFIG_HOME` or `~/.config`. */
function appConfigDir(context: LocationContext): string {
  if (context.platform === 'darwin') return path.join(context.homeDir, 'Library', 'Application Support');
  if (context.platform === 'win32') return context.env.APPDATA || path.join(context.homeDir, 'AppData', 'Roaming');
  return xdgConfigHome(context);
}

function xdgConfigHome(context: LocationContext): string {
  return context.env.XDG_CONFIG_HOME || path.join(context.homeDir, '.config');
}

function codexHome(context: LocationContext): string {
  return context.env.CODEX_HOME || path.join(context.homeDir, '.codex');
}

function preferExisting(dir: string, names: readonly string[]): string {
  const found = names.map((name) => path.join(dir, name)).find((file) => fs.existsSync(file));
  return found ?? path.join(dir, names[0]!);
}
