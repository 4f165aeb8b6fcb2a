// The search index over every known tool (running, configured-but-offline), kept current per server.
import { planQuery, type PlannedUnit } from './query-plan.js';
import { DEFAULT_LEARNED_BOOST, DEFAULT_SEARCH_TUNING, type SearchTuning } from './search-tuning.js';
import { buildSynonymTable, type SynonymTable } from './synonyms.js';
import { TermIndex, type TermMatching } from './term-index.js';
import { createShippedEmbedder, SemanticLayer, type ToolIndexOptions } from './semantic-layer.js';
import type { ToolText } from './text-embedder.js';
import { NameLookup } from './name-lookup.js';
import { topK } from './top-k.js';
import { TypoCorrector } from './typo-corrector.js';
import { DOCUMENT_FIELDS, sameFacts, toDocument, withServerContext } from './tool-document.js';
import type { CatalogTool, ServerFacts } from './tool-document.js';
import { lightStem, QUERY_STOP_WORDS, stem, STOP_WORDS, tokenize } from './tokenize.js';

export type { CatalogTool, ServerFacts } from './tool-document.js';
export type { ToolIndexOptions } from './semantic-layer.js';

export interface IndexedTool {
  toolId: string;
  server: string;
  tool: CatalogTool;
}

export interface SearchHit extends IndexedTool {
  score: number;
  online: boolean;
}

export interface IndexSearchOptions {
  limit: number;
  server?: string;
  includeOffline: boolean;
  /** Whether the server is connected right now (the pool knows; the index does not keep it). */
  isOnline: (server: string) => boolean;
  /** Policy visibility: a tool for which this returns false never appears. */
  isVisible: (server: string, tool: string) => boolean;
}

export const TOOL_ID_SEPARATOR = '::';

/** Query words past this many are ignored (each document's matched words are a 32-bit mask). */
export const MAX_QUERY_GROUPS = 32;
/** Words whose stems are remembered at most (a catalog of 50k tools has about 10k distinct words). */
const MAX_CACHED_STEMS = 100_000;
/** Removed tools leave dead postings; past this share of dead slots the index is rebuilt. */
const REBUILD_DEAD_SHARE = 0.25;
const REBUILD_MIN_DEAD = 256;

export function toolIdOf(server: string, tool: string): string {
  return `${server}${TOOL_ID_SEPARATOR}${tool}`;
}

interface Entry extends IndexedTool {
  slot: number;
}

export class ToolIndex {
  private readonly tuning: SearchTuning;
  private readonly stemWord: (word: string) => string;
  private readonly synonyms: SynonymTable | undefined;
  private readonly matching: TermMatching;
  private terms: TermIndex;
  private readonly tools = new Map<string, Entry>();
  private readonly bySlot: (Entry | undefined)[] = [];
  private readonly byServer = new Map<string, { ids: Set<string>; facts: ServerFacts }>();
  /** Facts known about a server from elsewhere (the manifest entry of its package), under its own. */
  private readonly context = new Map<string, ServerFacts>();
  /** Stems of words seen so far: stemming is the costliest step of indexing, and words repeat a lot. */
  private readonly stems = new Map<string, string>();
  private readonly corrector = new TypoCorrector();
  private readonly semantic: SemanticLayer;
  /** Tool ids by name, and learned words by tool id (kept across replaceServer). */
  readonly byName = new NameLookup();

  constructor(tuning: Partial<SearchTuning> = {}, options: ToolIndexOptions = {}) {
    this.tuning = { ...DEFAULT_SEARCH_TUNING, ...tuning };
    this.semantic = new SemanticLayer(options.createEmbedder ?? createShippedEmbedder, {
      weight: this.tuning.semanticWeight,
      semanticOnlyFrom: this.tuning.semanticOnlyCosine,
    });
    const stemmer = this.tuning.stemming === 'porter' ? stem : lightStem;
    this.stemWord = (word) => {
      let stemmed = this.stems.get(word);
      if (stemmed === undefined) {
        // Queries bring new words too: a bound keeps a long-running gateway from growing without end.
        if (this.stems.size >= MAX_CACHED_STEMS) this.stems.clear();
        this.stems.set(word, (stemmed = stemmer(word)));
      }
      return stemmed;
    };
    this.synonyms = this.tuning.synonyms ? buildSynonymTable(undefined, this.stemWord) : undefined;
    this.terms = this.newTermIndex();
    this.matching = { prefixFrom: this.tuning.prefixFrom, prefixWeight: 0.4 };
  }

  /** Replaces every tool of one server (a connect, a list_changed, or a cache load). */
  replaceServer(server: string, tools: readonly CatalogTool[], facts: ServerFacts): void {
    this.removeServer(server);
    const ids = new Set<string>();
    const indexed = this.withContext(server, facts);
    for (const tool of tools) {
      const toolId = toolIdOf(server, tool.name);
      if (ids.has(toolId)) continue;
      ids.add(toolId);
      this.insert({ toolId, server, tool, slot: -1 }, indexed);
    }
    this.byServer.set(server, { ids, facts });
  }

  /**
   * Adds facts from elsewhere to a server's own (its description first, then these; category and
   * keywords from these when it has none): kept across replaceServer, re-indexing the server now.
   */
  setServerContext(server: string, context: ServerFacts | undefined): void {
    if (sameFacts(this.context.get(server), context)) return;
    if (context) this.context.set(server, context);
    else this.context.delete(server);
    const known = this.byServer.get(server);
    if (!known) return;
    const tools = [...known.ids].flatMap((id) => this.tools.get(id)?.tool ?? []);
    this.replaceServer(server, tools, known.facts);
  }

  private withContext(server: string, facts: ServerFacts): ServerFacts {
    const context = this.context.get(server);
    return context ? withServerContext(facts, context) : facts;
  }

  removeServer(server: string): void {
    const known = this.byServer.get(server);
    if (!known) return;
    for (const id of known.ids) {
      const entry = this.tools.get(id);
      if (!entry) continue;
      this.byName.delete(entry.tool.name, id);
      this.terms.remove(entry.slot);
      this.semantic.clear(entry.slot);
      this.bySlot[entry.slot] = undefined;
      this.tools.delete(id);
    }
    this.byServer.delete(server);
    if (this.terms.deadCount > Math.max(REBUILD_MIN_DEAD, this.terms.slotCount * REBUILD_DEAD_SHARE)) this.rebuild();
  }

  hasServer(server: string): boolean {
    return this.byServer.has(server);
  }

  servers(): string[] {
    return [...this.byServer.keys()];
  }

  /** How many tools of that server are indexed (0 for an unknown server). */
  toolCount(server: string): number {
    return this.byServer.get(server)?.ids.size ?? 0;
  }

  get(toolId: string): IndexedTool | undefined {
    const entry = this.tools.get(toolId);
    return entry && { toolId: entry.toolId, server: entry.server, tool: entry.tool };
  }

  /** Sets the words learned for one tool, re-indexing it now if it is indexed (its old slot dies). */
  setLearned(toolId: string, words: readonly string[]): void {
    this.byName.setLearned(toolId, words);
    const entry = this.tools.get(toolId);
    if (!entry) return;
    this.terms.remove(entry.slot);
    this.bySlot[entry.slot] = undefined;
    this.insert(entry, this.withContext(entry.server, this.byServer.get(entry.server)?.facts ?? {}));
  }

  get size(): number {
    return this.tools.size;
  }

  /** Best first; at most `limit` hits, each visible and (unless includeOffline) online. */
  query(text: string, options: IndexSearchOptions): SearchHit[] {
    const plan = planQuery(text, {
      stem: this.stemWord,
      stopWords: this.tuning.queryStopWords ? QUERY_STOP_WORDS : STOP_WORDS,
      ...(this.synonyms ? { synonyms: this.synonyms } : {}),
      synonymWeight: this.tuning.synonymWeight,
      maxGroups: MAX_QUERY_GROUPS,
      ...(this.tuning.typos === 'off' ? {} : { correct: (word: string) => this.corrections(word) }),
    });
    const semantic = this.semantic.load(() => this.embeddingTexts());
    if (!plan.groups.length && !semantic) return [];
    const { slots, scores, groups } = this.terms.score(plan, this.matching);
    const exponent = this.tuning.coverage;
    const groupCount = plan.groups.length;
    if (exponent > 0 && groupCount > 1) {
      // A tool that matches more of the query's words ranks above one matching a single rare word often.
      for (let i = 0; i < scores.length; i++)
        scores[i] = (scores[i] as number) * (popCount(groups[i] as number) / groupCount) ** exponent;
    }
    const fused = semantic ? this.semantic.rank(text, { slots, scores }, this.terms.slotCount) : undefined;
    if (fused) return this.rank(fused.scores, fused.slots, options);
    if (!plan.groups.length) return [];
    return this.rank(scores, slots, options);
  }

  /** Filters (policy, server, online) run in rank order on a few more than asked for, or on all. */
  private rank(scores: Float64Array, slots: Int32Array, options: IndexSearchOptions): SearchHit[] {
    let ranked = topK(scores, slots, options.limit * 4 + 16);
    let hits = this.collect(ranked, slots, scores, options);
    if (hits.length < options.limit && ranked.length < scores.length) {
      ranked = topK(scores, slots, scores.length);
      hits = this.collect(ranked, slots, scores, options);
    }
    return hits;
  }

  private collect(
    ranked: readonly number[],
    slots: Int32Array,
    scores: Float64Array,
    options: IndexSearchOptions,
  ): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const i of ranked) {
      const entry = this.bySlot[slots[i] as number];
      // A fused ranking scores every slot: one without any match is no hit.
      if (!entry || !((scores[i] as number) > 0) || !this.passes(entry, options)) continue;
      hits.push({
        toolId: entry.toolId,
        server: entry.server,
        tool: entry.tool,
        score: scores[i] as number,
        online: options.isOnline(entry.server),
      });
      if (hits.length >= options.limit) break;
    }
    return hits;
  }

  /** Every visible tool of the index, for listing when the query is empty. */
  all(options: Omit<IndexSearchOptions, 'limit'>): IndexedTool[] {
    return [...this.tools.values()]
      .filter((entry) => this.passes(entry, options))
      .map((entry) => ({ toolId: entry.toolId, server: entry.server, tool: entry.tool }));
  }

  private passes(entry: Entry, options: Omit<IndexSearchOptions, 'limit'>): boolean {
    return (
      (options.server === undefined || entry.server === options.server) &&
      (options.includeOffline || options.isOnline(entry.server)) &&
      options.isVisible(entry.server, entry.tool.name)
    );
  }

  private insert(entry: Entry, facts: ServerFacts): void {
    const learned = this.byName.learned(entry.toolId);
    const document = toDocument(entry.toolId, entry.server, entry.tool, facts, this.tuning.serverContext, learned);
    const fields = DOCUMENT_FIELDS.map((field) => this.process(document[field]));
    // Many servers prefix every tool name with their own name (slack_post_message, search_sentry_tools):
    // the server field already says it, and counted again in the name it outranks the tool's real words.
    const nameField = DOCUMENT_FIELDS.indexOf('name');
    const serverTerms = new Set(fields[DOCUMENT_FIELDS.indexOf('server')]);
    const ownWords = fields[nameField]?.filter((term) => !serverTerms.has(term)) ?? [];
    if (ownWords.length) fields[nameField] = ownWords;
    entry.slot = this.terms.add(fields);
    this.semantic.set(entry.slot, { server: entry.server, tool: entry.tool, facts });
    this.bySlot[entry.slot] = entry;
    this.tools.set(entry.toolId, entry);
    this.byName.add(entry.tool.name, entry.toolId);
  }

  private process(text: string): string[] {
    const terms: string[] = [];
    for (const word of tokenize(text)) {
      if (STOP_WORDS.has(word)) continue;
      const stemmed = this.stemWord(word);
      this.corrector.add(word, stemmed);
      terms.push(stemmed);
    }
    return terms;
  }

  /** `unknown-only`: a word whose stem some tool has is taken as meant; `always` corrects every word. */
  private corrections(word: string): readonly PlannedUnit[] {
    if (this.tuning.typos === 'unknown-only' && this.terms.has(this.stemWord(word))) return [];
    return this.corrector.correct(word);
  }

  /** Re-indexes the live tools into fresh slots, dropping the postings of removed ones. */
  private rebuild(): void {
    const entries = [...this.tools.values()];
    this.terms = this.newTermIndex();
    this.semantic.reset();
    this.bySlot.length = 0;
    for (const entry of entries)
      this.insert(entry, this.withContext(entry.server, this.byServer.get(entry.server)?.facts ?? {}));
  }

  /** What the semantic layer embeds for each indexed tool, by slot. */
  private *embeddingTexts(): Iterable<[number, ToolText]> {
    for (const entry of this.tools.values()) {
      const facts = this.withContext(entry.server, this.byServer.get(entry.server)?.facts ?? {});
      yield [entry.slot, { server: entry.server, tool: entry.tool, facts }];
    }
  }

  private newTermIndex(): TermIndex {
    return new TermIndex(
      DOCUMENT_FIELDS.map((field) => this.tuning.boosts[field] ?? DEFAULT_LEARNED_BOOST),
      this.tuning.absentWordWeight,
      this.tuning.hubDampening,
    );
  }
}

function popCount(mask: number): number {
  let count = 0;
  for (let bits = mask >>> 0; bits; bits &= bits - 1) count++;
  return count;
}
