// The knobs of catalog search, with the defaults measured best on bench/search (see BENCHMARKS.md).

/** Field weights: a word in the tool's name says more than one deep in a parameter description. */
export interface FieldBoosts {
  name: number;
  title: number;
  description: number;
  params: number;
  /** The server's name. */
  server: number;
  /** The server's description, category and keywords. */
  context: number;
  /** Words learned from use (searches followed by an invoke of the tool); DEFAULT_LEARNED_BOOST when absent. */
  learned?: number;
}

/** As a description word: enough for the words that found a tool to find it again, not to outrank its name. */
export const DEFAULT_LEARNED_BOOST = 1;

export interface SearchTuning {
  /** `porter` also joins verb forms (create/creating/created); `light` only folds plurals. */
  stemming: 'light' | 'porter';
  /** Drop conversational words ("I want to", "could you") from queries. */
  queryStopWords: boolean;
  /** Expand query words with their synonym groups (src/catalog/synonyms.ts). */
  synonyms: boolean;
  /** Weight of a synonym relative to the word the query used (1). */
  synonymWeight: number;
  /** Weight of synonyms and typo corrections of a query word that no tool uses (0 = as any synonym). */
  absentWordWeight: number;
  /**
   * `unknown-only`: a query word that no tool uses also searches the indexed words one edit away (two
   * from 8 letters; a swap of neighbours counts as one), so a correct word never drifts to a neighbour;
   * `always`: every word does; `off`.
   */
  typos: 'unknown-only' | 'always' | 'off';
  /** Prefix matching for query words of at least this many letters (0 = off). */
  prefixFrom: number;
  /**
   * Rank by how many of the query's words a tool matches: the score is multiplied by
   * (matched groups / groups) ^ coverage. 0 turns it off.
   */
  coverage: number;
  /** Index the server's description, category and keywords (the `context` field). */
  serverContext: boolean;
  boosts: FieldBoosts;
  /**
   * Weight of the semantic cosine (query vector against tool vector) added to lexical / best lexical;
   * 0 turns the semantic layer off (it is then never loaded).
   */
  semanticWeight: number;
  /** A tool that matches no query word is a hit only when its cosine with the query is at least this. */
  semanticOnlyCosine: number;
  /**
   * Field-length normalisation of BM25+'s per-word floor: a field longer than its average gets the floor
   * scaled by average / length, so a very long description stops matching every query (issue 15, hubs).
   */
  hubDampening: boolean;
}

export const DEFAULT_SEARCH_TUNING: SearchTuning = {
  stemming: 'porter',
  queryStopWords: true,
  synonyms: true,
  synonymWeight: 0.5,
  absentWordWeight: 1,
  typos: 'unknown-only',
  prefixFrom: 4,
  coverage: 2,
  serverContext: true,
  boosts: { name: 3, title: 2, description: 1, params: 0.4, server: 1.5, context: 1 },
  semanticWeight: 1,
  semanticOnlyCosine: 0.4,
  hubDampening: true,
};

/** The engine before bench/search existed, as a reference point for the ablation table. */
export const FIRST_VERSION_TUNING: SearchTuning = {
  stemming: 'light',
  queryStopWords: false,
  synonyms: false,
  synonymWeight: 0,
  absentWordWeight: 0,
  typos: 'always',
  prefixFrom: 3,
  coverage: 0,
  serverContext: true,
  boosts: { name: 3, title: 2, description: 1, params: 0.5, server: 1.5, context: 1.5 },
  semanticWeight: 0,
  semanticOnlyCosine: 0.4,
  hubDampening: false,
};
