// The downstream tools a flat or hybrid session lists directly, under names every client accepts.
import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CatalogTool } from '../../catalog/tool-index.js';
import type { DownstreamTool } from '../../downstream/downstream-tool.js';
import type { Gateway } from '../gateway.js';
import { EXPOSED_NAME_PATTERN } from '../tool-names.js';

/** `server`: `server__tool` (the default); `never`: the server's own tool name, refused on a collision. */
export type PrefixMode = 'server' | 'never';
export const PREFIX_SEPARATOR = '__';

export interface DirectTool {
  /** The name the client sees and calls. */
  name: string;
  toolId: string;
  server: string;
  wire: Tool;
}

export interface DirectToolList {
  tools: DirectTool[];
  /** Tools left out because another server's tool already has their name (prefix `never`). */
  collisions: Array<{ name: string; kept: string; refused: string }>;
}

/** The exposed name of a downstream tool: characters clients refuse become `_`; past 64, a hash keeps it unique. */
export function directToolName(server: string, tool: string, prefix: PrefixMode): string {
  const raw = prefix === 'server' ? `${server}${PREFIX_SEPARATOR}${tool}` : tool;
  if (EXPOSED_NAME_PATTERN.test(raw)) return raw;
  const cleaned = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (cleaned.length <= 64 && cleaned !== raw) return cleaned.length > 0 ? cleaned : '_';
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, 55)}_${hash}`;
}

/**
 * Every allowed tool of every configured server that `include` keeps, sorted by name: cached lists count,
 * so a server need not run to be listed. The wire shape of each tool object is built once.
 */
export type DirectToolLister = (prefix: PrefixMode, include?: (server: string, tool: string) => boolean, options?: { ignorePolicy?: boolean }) => DirectToolList;

export function createDirectToolLister(gateway: Gateway): DirectToolLister {
  const shapes = new WeakMap<CatalogTool, Map<PrefixMode, Tool>>();
  const wireOf = (server: string, tool: CatalogTool, prefix: PrefixMode): Tool => {
    let byPrefix = shapes.get(tool);
    if (!byPrefix) shapes.set(tool, (byPrefix = new Map()));
    let wire = byPrefix.get(prefix);
    if (!wire) {
      const full = tool as DownstreamTool;
      wire = {
        name: directToolName(server, tool.name, prefix),
        ...(full.title ? { title: full.title } : {}),
        ...(full.description ? { description: full.description } : {}),
        inputSchema: (full.inputSchema ?? { type: 'object' }) as Tool['inputSchema'],
        ...(full.outputSchema ? { outputSchema: full.outputSchema as Tool['outputSchema'] } : {}),
        ...(full.annotations ? { annotations: full.annotations } : {}),
      };
      byPrefix.set(prefix, wire);
    }
    return wire;
  };
  return (prefix, include, options) => {
    const policy = gateway.policy;
    const visible = options?.ignorePolicy ? () => true : (server: string, tool: string) => policy.isVisible(server, tool);
    const entries = gateway.index
      .all({ includeOffline: true, isOnline: () => true, isVisible: visible })
      .filter(({ server, tool }) => gateway.config.servers.has(server) && (include?.(server, tool.name) ?? true))
      .sort((a, b) => (a.server === b.server ? a.tool.name.localeCompare(b.tool.name) : a.server.localeCompare(b.server)));
    const byName = new Map<string, DirectTool>();
    const collisions: DirectToolList['collisions'] = [];
    for (const { server, tool, toolId } of entries) {
      const wire = wireOf(server, tool, prefix);
      const taken = byName.get(wire.name);
      if (taken) {
        collisions.push({ name: wire.name, kept: taken.toolId, refused: toolId });
        continue;
      }
      byName.set(wire.name, { name: wire.name, toolId, server, wire });
    }
    return { tools: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), collisions };
  };
}
