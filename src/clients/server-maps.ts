// Where in a client's file its servers sit: one map for most clients, several for Claude Code and OpenCode.
import { isRecord } from '../config/config-file-schema.js';
import { GatewayError } from '../errors/index.js';
import { TOOLGATE_ENTRY_NAME } from './client-ids.js';
import type { ClientProfile } from './client-profiles.js';

export interface ServerMap {
  /** The JSON path of the map in the file (TOML files have one map, at `[serversKey]`). */
  path: string[];
  servers: Record<string, unknown>;
}

export interface ClientServers {
  /** In precedence order: on a name in two maps, the client starts the first one's entry. */
  maps: ServerMap[];
  /** The path where toolgate's own entry goes. */
  entryPath: string[];
  /** OpenCode's V2 layout (`mcp.servers`, `disabled` instead of `enabled`). */
  openCodeV2: boolean;
  /** Servers the client starts only elsewhere (another project's local scope), each with the reason they stay. */
  elsewhere: { name: string; reason: string }[];
}

export interface ServerMapContext {
  file: string;
  /** The folder setup runs in: Claude Code's local-scope servers of this project are imported. */
  projectPath?: string;
}

export function readClientServers(
  profile: ClientProfile,
  root: Record<string, unknown>,
  context: ServerMapContext,
): ClientServers {
  const key = profile.serversKey;
  const top = mapAt(root, [key], context.file);
  if (profile.id === 'opencode' && isOpenCodeV2(top)) {
    const servers = mapAt(root, [key, 'servers'], context.file);
    const legacy = Object.fromEntries(Object.entries(top).filter(([name]) => name !== 'servers'));
    return {
      maps: [
        { path: [key, 'servers'], servers },
        { path: [key], servers: legacy },
      ],
      entryPath: [key, 'servers', TOOLGATE_ENTRY_NAME],
      openCodeV2: true,
      elsewhere: [],
    };
  }
  const maps: ServerMap[] = [{ path: [key], servers: top }];
  const elsewhere: ClientServers['elsewhere'] = [];
  if (profile.id === 'claude' && isRecord(root.projects)) {
    // `claude mcp add` writes to the local scope by default: projects.<folder>.mcpServers of ~/.claude.json.
    for (const [folder, project] of Object.entries(root.projects)) {
      if (!isRecord(project) || !isRecord(project.mcpServers)) continue;
      if (folder === context.projectPath) {
        maps.unshift({ path: ['projects', folder, 'mcpServers'], servers: project.mcpServers });
        continue;
      }
      for (const name of Object.keys(project.mcpServers))
        elsewhere.push({
          name,
          reason: `Claude Code starts it only in ${folder} (its local scope); run \`toolgate setup --client claude --write --import\` in that folder to move it`,
        });
    }
  }
  return { maps, entryPath: [key, TOOLGATE_ENTRY_NAME], openCodeV2: false, elsewhere };
}

function mapAt(root: Record<string, unknown>, path: string[], file: string): Record<string, unknown> {
  let value: unknown = root;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file}: expected "${path.join('.')}" to be an object of servers. Nothing was changed.`,
      { hint: `Fix "${path.join('.')}" in that file, then run the command again.` },
    );
  }
  return value;
}

/** V2 puts servers under `mcp.servers`; a V1 server that happens to be named "servers" has a type or command. */
function isOpenCodeV2(mcp: Record<string, unknown>): boolean {
  const servers = mcp.servers;
  return isRecord(servers) && !('type' in servers) && !('command' in servers) && !('url' in servers);
}
