// Scores a search engine on the query set: recall@1, recall@5 and MRR, overall, per kind and per split.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ROOT } from '../lib.js';
import { QUERY_STOP_WORDS, stem, tokenize } from '../../src/catalog/tokenize.js';
import type { EvalCatalog } from './catalog.js';

export const QUERIES_FILE = join(ROOT, 'bench', 'search', 'queries.yaml');
export const KINDS = ['direct', 'paraphrase', 'ambiguous', 'typo'] as const;
export type Kind = (typeof KINDS)[number];
/** Hits looked at per query: recall@5 and MRR over the first ten. */
export const DEPTH = 10;

const Query = z.object({
  q: z.string().min(1),
  kind: z.enum(KINDS),
  expect: z.array(z.string().regex(/^[^:]+::.+$/)).min(1),
});
export type EvalQuery = Omit<z.infer<typeof Query>, 'kind'> & {
  /** One of KINDS here; the independent set adds its own kinds (bench/search/independent-set.ts). */
  kind: string;
  /**
   * `dev` queries may be looked at while tuning the engine; `held-out` ones only ever as a total, to see
   * whether a change generalizes. Every other query (in file order) is held out.
   */
  split: 'dev' | 'held-out';
};

export function loadQueries(file = QUERIES_FILE): EvalQuery[] {
  const parsed = z.array(Query).safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.map((query, i) => ({ ...query, split: i % 2 === 0 ? 'dev' : 'held-out' }));
}

/**
 * Every expected id must exist in the catalog, or the set tests nothing; a paraphrase must share no
 * content word (after stemming) with the name or description of any tool it expects.
 */
export function checkQueries(queries: readonly EvalQuery[], catalog: EvalCatalog): string[] {
  const contentWords = (text: string) => new Set(tokenize(text).filter((word) => word.length > 1 && !QUERY_STOP_WORDS.has(word)).map(stem));
  return queries.flatMap((query) => {
    const missing = query.expect.filter((id) => !catalog.toolIds.has(id)).map((id) => `"${query.q}": ${id} is not in the catalog`);
    if (query.kind !== 'paraphrase') return missing;
    const asked = contentWords(query.q);
    const leaks = query.expect.flatMap((id) => {
      const shared = [...contentWords(catalog.toolText.get(id) ?? '')].filter((word) => asked.has(word));
      return shared.length ? [`paraphrase "${query.q}" shares ${shared.join(', ')} with ${id}`] : [];
    });
    return [...missing, ...leaks];
  });
}

export interface Engine {
  name: string;
  /** Ranked tool ids, best first. */
  search(query: string, limit: number): string[];
}

export interface Scores {
  n: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
}

export interface QueryOutcome {
  query: EvalQuery;
  /** 1-based rank of the first acceptable id, or 0 when it is not in the first DEPTH. */
  rank: number;
  top: string[];
}

export function runEngine(engine: Engine, queries: readonly EvalQuery[]): QueryOutcome[] {
  return queries.map((query) => {
    const top = engine.search(query.q, DEPTH);
    const accepted = new Set(query.expect);
    const index = top.findIndex((id) => accepted.has(id));
    return { query, rank: index + 1, top };
  });
}

export function score(outcomes: readonly QueryOutcome[]): Scores {
  const n = outcomes.length;
  if (!n) return { n, recallAt1: Number.NaN, recallAt5: Number.NaN, mrr: Number.NaN };
  const at = (k: number) => outcomes.filter((o) => o.rank >= 1 && o.rank <= k).length / n;
  const mrr = outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n;
  return { n, recallAt1: at(1), recallAt5: at(5), mrr };
}

export interface Breakdown<K extends string = Kind> {
  all: Scores;
  byKind: Record<K, Scores>;
  dev: Scores;
  heldOut: Scores;
}

export function breakdown<K extends string = Kind>(outcomes: readonly QueryOutcome[], kinds: readonly K[] = KINDS as readonly string[] as readonly K[]): Breakdown<K> {
  const byKind = Object.fromEntries(kinds.map((kind) => [kind, score(outcomes.filter((o) => o.query.kind === kind))])) as Record<K, Scores>;
  return {
    all: score(outcomes),
    byKind,
    dev: score(outcomes.filter((o) => o.query.split === 'dev')),
    heldOut: score(outcomes.filter((o) => o.query.split === 'held-out')),
  };
}

/**
 * Share of the queries whose expected tools are all installed where no uninstalled tool ranks above the
 * first expected one (above the cut-off when none is in the first DEPTH). NaN when no query qualifies.
 */
export function installedFirstShare(outcomes: readonly QueryOutcome[], isInstalled: (toolId: string) => boolean): { n: number; share: number } {
  const judged = outcomes.filter((o) => o.query.expect.every(isInstalled));
  const held = judged.filter((o) => !o.top.slice(0, o.rank ? o.rank - 1 : o.top.length).some((id) => !isInstalled(id)));
  return { n: judged.length, share: judged.length ? held.length / judged.length : Number.NaN };
}
