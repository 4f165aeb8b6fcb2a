// The downstream tools a flat or hybrid session lists directly, under names every client accepts.
import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/server';
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
  return hashedName(raw);
}

function hashedName(raw: string): string {
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${raw.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 55)}_${hash}`;
}

/**
 * Exposed names for entries sorted by server, then name. A name that needed no change is placed first; a
 * cleaned-up name (`a.b` becomes `a_b`) that another entry already has takes the hashed form instead, so
 * both stay reachable. Two unchanged names that meet are a real collision (prefix `never`): the first keeps it.
 */
export function assignDirectNames<T extends { server: string; name: string }>(
  entries: readonly T[],
  prefix: PrefixMode,
): { named: Array<{ entry: T; exposed: string }>; collisions: Array<{ name: string; kept: T; refused: T }> } {
  const taken = new Map<string, T>();
  const named: Array<{ entry: T; exposed: string }> = [];
  const collisions: Array<{ name: string; kept: T; refused: T }> = [];
  const place = (entry: T, exposed: string) => {
    taken.set(exposed, entry);
    named.push({ entry, exposed });
  };
  const changed: T[] = [];
  for (const entry of entries) {
    const raw = prefix === 'server' ? `${entry.server}${PREFIX_SEPARATOR}${entry.name}` : entry.name;
    if (!EXPOSED_NAME_PATTERN.test(raw)) {
      changed.push(entry);
      continue;
    }
    const kept = taken.get(raw);
    if (kept) collisions.push({ name: raw, kept, refused: entry });
    else place(entry, raw);
  }
  for (const entry of changed) {
    const raw = prefix === 'server' ? `${entry.server}${PREFIX_SEPARATOR}${entry.name}` : entry.name;
    const exposed = directToolName(entry.server, entry.name, prefix);
    const free = [exposed, hashedName(raw)].find((name) => !taken.has(name));
    if (free !== undefined) place(entry, free);
    else collisions.push({ name: exposed, kept: taken.get(exposed) as T, refused: entry });
  }
  return { named, collisions };
}

/**
 * Every allowed tool of every configured server that `include` keeps, sorted by name: cached lists count,
 * so a server need not run to be listed. The wire shape of each tool object is built once.
 */
export type DirectToolLister = (
  prefix: PrefixMode,
  include?: (server: string, tool: string) => boolean,
  options?: { ignorePolicy?: boolean },
) => DirectToolList;

export function createDirectToolLister(gateway: Gateway): DirectToolLister {
  const shapes = new WeakMap<CatalogTool, Map<string, Tool>>();
  const wireOf = (tool: CatalogTool, name: string): Tool => {
    let byName = shapes.get(tool);
    if (!byName) shapes.set(tool, (byName = new Map()));
    let wire = byName.get(name);
    if (!wire) {
      const full = tool as DownstreamTool;
      wire = {
        name,
        ...(full.title ? { title: full.title } : {}),
        ...(full.description ? { description: full.description } : {}),
        inputSchema: (full.inputSchema ?? { type: 'object' }) as Tool['inputSchema'],
        ...(full.outputSchema ? { outputSchema: full.outputSchema as Tool['outputSchema'] } : {}),
        ...(full.annotations ? { annotations: full.annotations } : {}),
      };
      byName.set(name, wire);
    }
    return wire;
  };
  return (prefix, include, options) => {
    const policy = gateway.policy;
    const visible = options?.ignorePolicy
      ? () => true
      : (server: string, tool: string) => policy.isVisible(server, tool);
    const entries = gateway.index
      .all({ includeOffline: true, isOnline: () => true, isVisible: visible })
      .filter(({ server, tool }) => gateway.config.servers.has(server) && (include?.(server, tool.name) ?? true))
      .sort((a, b) =>
        a.server === b.server ? a.tool.name.localeCompare(b.tool.name) : a.server.localeCompare(b.server),
      );
    const { named, collisions } = assignDirectNames(
      entries.map((entry) => ({ ...entry, name: entry.tool.name })),
      prefix,
    );
    return {
      tools: named
        .map(({ entry, exposed }) => ({
          name: exposed,
          toolId: entry.toolId,
          server: entry.server,
          wire: wireOf(entry.tool, exposed),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      collisions: collisions.map(({ name, kept, refused }) => ({ name, kept: kept.toolId, refused: refused.toolId })),
    };
  };
}
