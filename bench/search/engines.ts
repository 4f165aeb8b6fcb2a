// The engines compared on the query set: plain MiniSearch (the baseline), toolgate's first engine, each
// improvement added one at a time, and the shipped defaults. All index the same catalog.
import MiniSearch from 'minisearch';
import { DEFAULT_SEARCH_TUNING, FIRST_VERSION_TUNING, type SearchTuning } from '../../src/catalog/search-tuning.js';
import { ToolIndex, type SearchHit } from '../../src/catalog/tool-index.js';
import { searchInstalledFirst } from '../../src/gateway/installed-first.js';
import type { EvalCatalog } from './catalog.js';
import type { Engine } from './evaluate.js';

/** MiniSearch as its README shows it: name, title and description, default tokenizer and scoring. */
export function plainMiniSearch(catalog: EvalCatalog): Engine {
  const search = new MiniSearch<{ id: string; name: string; title: string; description: string }>({ fields: ['name', 'title', 'description'] });
  for (const { server, tools } of catalog.servers) {
    search.addAll(tools.map((tool) => ({ id: `${server}::${tool.name}`, name: tool.name, title: tool.title ?? '', description: tool.description ?? '' })));
  }
  return { name: 'plain MiniSearch', search: (query, limit) => search.search(query).slice(0, limit).map((hit) => hit.id as string) };
}

export function toolgateEngine(name: string, catalog: EvalCatalog, tuning: Partial<SearchTuning>): Engine & { hits(query: string, limit: number): SearchHit[] } {
  const index = new ToolIndex(tuning);
  for (const { server, tools, facts } of catalog.servers) index.replaceServer(server, tools, facts);
  const options = { includeOffline: true, isOnline: () => false, isVisible: () => true };
  const hits = (query: string, limit: number) => index.query(query, { ...options, limit });
  return { name, hits, search: (query, limit) => hits(query, limit).map((hit) => hit.toolId) };
}

/** Each step adds one change to the one before, from the first engine's settings to the shipped defaults. */
export const ABLATION_STEPS: readonly { name: string; tuning: Partial<SearchTuning> }[] = (() => {
  const d = DEFAULT_SEARCH_TUNING;
  const changes: [string, Partial<SearchTuning>][] = [
    ['first-engine settings, new scorer', {}],
    ['+ Porter stemming', { stemming: d.stemming }],
    ['+ query stop words', { queryStopWords: d.queryStopWords }],
    ['+ synonym groups', { synonyms: d.synonyms, synonymWeight: d.synonymWeight }],
    ['+ typos only for unknown words', { typos: d.typos, prefixFrom: d.prefixFrom }],
    ['+ query coverage ranking', { coverage: d.coverage }],
    ['+ full weight when the word is in no tool', { absentWordWeight: d.absentWordWeight }],
    ['+ field boosts and server context (shipped)', { boosts: d.boosts, serverContext: d.serverContext }],
  ];
  let tuning: SearchTuning = { ...FIRST_VERSION_TUNING };
  return changes.map(([name, change]) => ({ name, tuning: (tuning = { ...tuning, ...change }) }));
})();

export interface GatewayEngineOptions {
  /** Configured servers get their manifest entry's description, category and keywords too. */
  configuredContext: boolean;
  /** `include_offline: false`: only servers that are running (here: every configured one) are searched. */
  onlineOnly?: boolean;
  /** Ranks configured servers' tools first as Gateway.search does (false: the index's order, as before). */
  installedFirst: boolean;
}

/**
 * The catalog as a user's gateway has it: configured servers indexed from their tools (all running),
 * every other server from the manifest indexed as uninstalled with its manifest facts.
 */
export function gatewayEngine(name: string, catalog: EvalCatalog, configured: ReadonlySet<string>, options: GatewayEngineOptions): Engine & { hits(query: string, limit: number): SearchHit[] } {
  const index = new ToolIndex();
  for (const { server, tools, facts } of catalog.servers) index.replaceServer(server, tools, configured.has(server) && !options.configuredContext ? {} : facts);
  const isInstalled = (server: string) => configured.has(server);
  const query = { includeOffline: !options.onlineOnly, isOnline: isInstalled, isVisible: () => true };
  const hits = (text: string, limit: number) => (options.installedFirst ? searchInstalledFirst(index, text, { ...query, limit }, isInstalled) : index.query(text, { ...query, limit }));
  return { name, hits, search: (text, limit) => hits(text, limit).map((hit) => hit.toolId) };
}
