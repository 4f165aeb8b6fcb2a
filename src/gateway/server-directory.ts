// A compact list of the configured servers (name, one line, tool count), for a model to retry a weak search with `server:`.
import type { ToolIndex } from '../catalog/tool-index.js';
import { summarize } from './search-cards.js';

/** Servers listed at most (the rest are counted in `more`). */
export const MAX_DIRECTORY_SERVERS = 40;
/** One line per server, cut to this many characters. */
export const MAX_DIRECTORY_LINE_CHARS = 80;

export interface DirectoryEntry {
  server: string;
  about: string;
  tools: number;
}

export interface DirectorySource {
  index: ToolIndex;
  /** Configured servers the policy shows, in config order. */
  servers: readonly string[];
  /** The config entry's description, else the manifest entry's of the same package. */
  describe(server: string): string | undefined;
  isVisible(server: string, tool: string): boolean;
}

export function createServerDirectory(source: DirectorySource): DirectoryEntry[] {
  const wanted = new Set(source.servers.slice(0, MAX_DIRECTORY_SERVERS));
  const counts = new Map<string, number>();
  const firstTool = new Map<string, string>();
  for (const tool of source.index.all({ includeOffline: true, isOnline: () => true, isVisible: source.isVisible })) {
    if (!wanted.has(tool.server)) continue;
    counts.set(tool.server, (counts.get(tool.server) ?? 0) + 1);
    if (!firstTool.has(tool.server)) firstTool.set(tool.server, summarize(tool.tool));
  }
  return [...wanted].map((server) => {
    const about = (source.describe(server) ?? firstTool.get(server) ?? '').replace(/\s+/g, ' ').trim();
    return {
      server,
      about: about.length > MAX_DIRECTORY_LINE_CHARS ? `${about.slice(0, MAX_DIRECTORY_LINE_CHARS - 3)}...` : about,
      tools: counts.get(server) ?? 0,
    };
  });
}
