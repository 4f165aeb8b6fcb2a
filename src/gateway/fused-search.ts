// Several phrasings of one need searched as one: each phrasing's hits, fused, then tools named exactly put first.
import type { IndexSearchOptions, SearchHit, ToolIndex } from '../catalog/tool-index.js';
import { TOOL_ID_SEPARATOR } from '../catalog/tool-index.js';
import { CANDIDATES_PER_HIT, rankInstalledFirst } from './installed-first.js';

/** catalog_search takes at most this many phrasings of one need. */
export const MAX_PHRASINGS = 5;
/** A tool named exactly scores this much above the best fused score, so that it is first and counts as a clear match. */
const EXACT_NAME_MARGIN = 2;
/** A bare tool name is one word of these characters (a sentence is never taken as a name). */
const TOOL_NAME_SHAPE = /^[A-Za-z0-9][\w.-]{1,127}$/;

/**
 * Max-normalised sum: each phrasing's scores divided by its own best, then added per tool, so a tool that
 * several phrasings find ranks above one that a single phrasing finds, and no phrasing dominates by its
 * scale. One phrasing keeps its scores as they are.
 */
export function fusePhrasings(lists: readonly (readonly SearchHit[])[]): SearchHit[] {
  if (lists.length === 1) return [...(lists[0] ?? [])];
  const fused = new Map<string, SearchHit>();
  for (const hits of lists) {
    const best = hits[0]?.score ?? 0;
    if (best <= 0) continue;
    for (const hit of hits) {
      const known = fused.get(hit.toolId);
      const share = hit.score / best;
      fused.set(hit.toolId, known ? { ...known, score: known.score + share } : { ...hit, score: share });
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.toolId.localeCompare(b.toolId));
}

/** Tools a phrasing names exactly: `server::tool`, or a bare tool name (on any server). */
export function namedTools(index: ToolIndex, phrasings: readonly string[]): string[] {
  const ids: string[] = [];
  for (const phrasing of phrasings.map((text) => text.trim())) {
    if (phrasing.includes(TOOL_ID_SEPARATOR)) {
      if (index.get(phrasing)) ids.push(phrasing);
    } else if (TOOL_NAME_SHAPE.test(phrasing)) {
      ids.push(...index.byName.get(phrasing));
    }
  }
  return [...new Set(ids)];
}

/** What catalog_search ranks: every phrasing searched, fused, configured servers first, named tools on top. */
export function searchPhrasings(
  index: ToolIndex,
  phrasings: readonly string[],
  options: IndexSearchOptions,
  isInstalled: (server: string) => boolean,
): SearchHit[] {
  const candidates = { ...options, limit: options.limit * CANDIDATES_PER_HIT };
  const fused = fusePhrasings(phrasings.map((text) => index.query(text, candidates)));
  const ranked = rankInstalledFirst(fused, isInstalled, options.limit);
  const named = namedTools(index, phrasings).flatMap((id) => {
    const tool = index.get(id);
    const passes =
      tool &&
      (options.server === undefined || tool.server === options.server) &&
      options.isVisible(tool.server, tool.tool.name);
    return passes ? [tool] : [];
  });
  if (!named.length) return ranked;
  const top = Math.max(ranked[0]?.score ?? 0, ...fused.slice(0, 1).map((hit) => hit.score), 1) * EXACT_NAME_MARGIN;
  // Configured before not installed among the named ones too, as everywhere.
  named.sort((a, b) => Number(isInstalled(b.server)) - Number(isInstalled(a.server)));
  const first = named.map((tool) => ({ ...tool, score: top, online: options.isOnline(tool.server) }));
  const ids = new Set(first.map((hit) => hit.toolId));
  return [...first, ...ranked.filter((hit) => !ids.has(hit.toolId))].slice(0, options.limit);
}
