// The engines compared on the query set: plain MiniSearch (the baseline), toolgate's first engine, each
// improvement added one at a time, and the shipped defaults. All index the same catalog.
import MiniSearch from 'minisearch';
import { DEFAULT_SEARCH_TUNING, FIRST_VERSION_TUNING, type SearchTuning } from '../../src/catalog/search-tuning.js';
import { ToolIndex, type SearchHit } from '../../src/catalog/tool-index.js';
import { CANDIDATES_PER_HIT, rankInstalledFirst } from '../../src/gateway/installed-first.js';
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
    ['+ field boosts and server context', { boosts: d.boosts, serverContext: d.serverContext }],
    ['+ hub dampening (BM25+ floor by field length)', { hubDampening: d.hubDampening }],
    ['+ semantic layer, word vectors (shipped)', { semanticWeight: d.semanticWeight }],
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
  /** Search knobs over the shipped defaults (earlier rows of the ablation turn later changes off). */
  tuning?: Partial<SearchTuning>;
  /** The installed-first discount of uninstalled tools (default: the shipped one). */
  uninstalledWeight?: number;
}

/** The engine before the semantic layer and hub dampening: the ablation's reference rows. */
export const BEFORE_SEMANTIC: Pick<GatewayEngineOptions, 'tuning' | 'uninstalledWeight'> = {
  tuning: { semanticWeight: 0, hubDampening: false },
  uninstalledWeight: 0.35,
};

/**
 * The catalog as a user's gateway has it: configured servers indexed from their tools (all running),
 * every other server from the manifest indexed as uninstalled with its manifest facts.
 */
export function gatewayEngine(name: string, catalog: EvalCatalog, configured: ReadonlySet<string>, options: GatewayEngineOptions): Engine & { hits(query: string, limit: number): SearchHit[] } {
  const index = new ToolIndex(options.tuning);
  for (const { server, tools, facts } of catalog.servers) index.replaceServer(server, tools, configured.has(server) && !options.configuredContext ? {} : facts);
  const isInstalled = (server: string) => configured.has(server);
  const query = { includeOffline: !options.onlineOnly, isOnline: isInstalled, isVisible: () => true };
  const weight = options.uninstalledWeight === undefined ? {} : { uninstalledWeight: options.uninstalledWeight };
  const hits = (text: string, limit: number) =>
    options.installedFirst ? rankInstalledFirst(index.query(text, { ...query, limit: limit * CANDIDATES_PER_HIT }), isInstalled, limit, weight) : index.query(text, { ...query, limit });
  return { name, hits, search: (text, limit) => hits(text, limit).map((hit) => hit.toolId) };
}
