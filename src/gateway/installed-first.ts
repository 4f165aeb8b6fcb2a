// Orders search hits so that the user's configured servers answer first; a manifest server's tool is
// offered only where nothing configured matches as well, and never above a configured tool of its name.
import type { IndexSearchOptions, SearchHit, ToolIndex } from '../catalog/tool-index.js';

/**
 * An uninstalled tool's score counts this much against a configured one's: installing costs the user.
 * Measured on the dev half of bench/search/independent with the semantic layer's fused scores (0.35
 * before them, when scores were raw BM25 and spread wider).
 */
export const UNINSTALLED_SCORE_WEIGHT = 0.6;
/** Hits the index is asked for per hit answered, so that configured tools ranked lower are among them. */
export const CANDIDATES_PER_HIT = 4;

export interface InstalledFirstOptions {
  /** Default UNINSTALLED_SCORE_WEIGHT. */
  uninstalledWeight?: number;
}

/** Same tool name once a server prefix is dropped: `create_issue`, `gitlab_create_issue`, `createIssue`. */
function nameKey(hit: SearchHit): string {
  const plain = hit.tool.name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  const prefix = hit.server.toLowerCase().replace(/[^a-z0-9]+/g, '_') + '_';
  return plain.startsWith(prefix) ? plain.slice(prefix.length) : plain;
}

/**
 * `hits` best first, as the index ranked them (ask it for `limit * CANDIDATES_PER_HIT`, so that configured
 * tools below uninstalled ones are among them). Returns at most `limit`, configured-first as described.
 */
export function rankInstalledFirst<T extends SearchHit>(
  hits: readonly T[],
  isInstalled: (server: string) => boolean,
  limit: number,
  options: InstalledFirstOptions = {},
): T[] {
  const weight = options.uninstalledWeight ?? UNINSTALLED_SCORE_WEIGHT;
  const installed = hits.filter((hit) => isInstalled(hit.server));
  const uninstalled = hits.filter((hit) => !isInstalled(hit.server));
  const installedNames = new Map(installed.map((hit, i) => [nameKey(hit), i] as const));
  const ranked: T[] = [];
  let next = 0;
  for (const hit of uninstalled) {
    // A configured tool of the same name, or one scoring above this tool's discounted score, goes first.
    const sameName = installedNames.get(nameKey(hit)) ?? -1;
    while (next < installed.length && (next <= sameName || (installed[next] as T).score >= hit.score * weight))
      ranked.push(installed[next++] as T);
    ranked.push(hit);
    if (ranked.length >= limit) break;
  }
  while (next < installed.length && ranked.length < limit) ranked.push(installed[next++] as T);
  return ranked.slice(0, limit);
}

/** The index's hits for `text`, configured servers' tools first: what catalog_search answers. */
export function searchInstalledFirst(
  index: ToolIndex,
  text: string,
  options: IndexSearchOptions,
  isInstalled: (server: string) => boolean,
): SearchHit[] {
  return rankInstalledFirst(
    index.query(text, { ...options, limit: options.limit * CANDIDATES_PER_HIT }),
    isInstalled,
    options.limit,
  );
}
