// Search quality on bench/search/queries.yaml over the manifest's tool snapshot: plain MiniSearch and
// toolgate's engine side by side (recall@1, recall@5, MRR; overall, per kind, dev and held-out halves),
// with each improvement measured as one step of an ablation.
//
//   npm run bench:search                     (the report)
//   npm run bench:search -- --failures       (also every dev-half query the shipped engine misses at 1)
import { DEFAULT_SEARCH_LIMIT } from '../src/gateway/meta-tools/catalog-search.js';
import { CONFIDENT_SCORE_RATIO, isConfident } from '../src/gateway/search-cards.js';
import type { Bench, BenchResult } from './lib.js';
import { round, targetAtLeast, targetLine } from './lib.js';
import { loadSnapshotCatalog } from './search/catalog.js';
import { ABLATION_STEPS, plainMiniSearch, toolgateEngine } from './search/engines.js';
import {
  breakdown,
  checkQueries,
  KINDS,
  loadQueries,
  runEngine,
  type Breakdown,
  type Scores,
} from './search/evaluate.js';

export const TARGETS = { recallAt5: 0.95, mrr: 0.8, paraphraseRecallAt5: 0.9 } as const;

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');
const cells = (s: Scores) => `${f(s.recallAt1)}  ${f(s.recallAt5)}  ${f(s.mrr)}`;

function evaluateAll(showFailures: boolean): {
  base: Breakdown;
  ours: Breakdown;
  lines: string[];
  disclosure: { share: number; precision: number };
} {
  const catalog = loadSnapshotCatalog();
  const queries = loadQueries();
  const problems = checkQueries(queries, catalog);
  if (problems.length) throw new Error(`the query set is not valid:\n  ${problems.join('\n  ')}`);
  const lines: string[] = [];
  const counts = KINDS.map((kind) => `${kind} ${queries.filter((q) => q.kind === kind).length}`).join(', ');
  lines.push(`catalog: ${catalog.source}; queries: ${queries.length} (${counts})`);

  const base = breakdown(runEngine(plainMiniSearch(catalog), queries));
  const steps = ABLATION_STEPS.map((step) => {
    const outcomes = runEngine(toolgateEngine(step.name, catalog, step.tuning), queries);
    return { name: step.name, outcomes, result: breakdown(outcomes) };
  });
  const shipped = steps[steps.length - 1];
  if (!shipped) throw new Error('no ablation steps');
  const ours = shipped.result;

  lines.push(
    '',
    `${'per kind'.padEnd(12)} ${'plain MiniSearch R@1   R@5    MRR'.padStart(34)}   ${'toolgate R@1   R@5    MRR'.padStart(26)}   MRR ratio`,
  );
  const rows: [string, Scores, Scores][] = [
    ['all', base.all, ours.all],
    ...KINDS.map((kind): [string, Scores, Scores] => [kind, base.byKind[kind], ours.byKind[kind]]),
  ];
  rows.push(['dev half', base.dev, ours.dev], ['held-out', base.heldOut, ours.heldOut]);
  for (const [label, b, o] of rows) {
    lines.push(
      `${`${label} (${o.n})`.padEnd(16)} ${cells(b).padStart(30)}   ${cells(o).padStart(26)}   ${b.mrr > 0 ? `${(o.mrr / b.mrr).toFixed(2)}x` : 'n/a (baseline 0)'}`,
    );
  }

  lines.push(
    '',
    `${'engine (each step adds one change)'.padEnd(46)} R@1    R@5    MRR    para R@5  typo R@5  held-out MRR`,
  );
  const row = (name: string, r: Breakdown) =>
    `${name.padEnd(46)} ${cells(r.all)}  ${f(r.byKind.paraphrase.recallAt5).padStart(8)}  ${f(r.byKind.typo.recallAt5).padStart(8)}  ${f(r.heldOut.mrr).padStart(12)}`;
  lines.push(row('plain MiniSearch', base));
  for (const step of steps) lines.push(row(step.name, step.result));

  // Adaptive disclosure: how often catalog_search would inline the top hit's schema, and how often
  // that top hit is one the query wanted (the inlined schema is wasted tokens when it is not).
  const shippedEngine = toolgateEngine('shipped', catalog, ABLATION_STEPS[ABLATION_STEPS.length - 1]?.tuning ?? {});
  let confident = 0;
  let confidentRight = 0;
  for (const query of queries) {
    const hits = shippedEngine.hits(query.q, DEFAULT_SEARCH_LIMIT);
    if (!isConfident(hits)) continue;
    confident++;
    if (hits[0] && query.expect.includes(hits[0].toolId)) confidentRight++;
  }
  const disclosure = {
    share: confident / queries.length,
    precision: confident ? confidentRight / confident : Number.NaN,
  };
  lines.push(
    '',
    `schema inlined (top hit ${CONFIDENT_SCORE_RATIO}x the runner-up): ${(disclosure.share * 100).toFixed(0)}% of queries (${confident}); top hit right in ${(disclosure.precision * 100).toFixed(0)}% of those vs ${(ours.all.recallAt1 * 100).toFixed(0)}% of all`,
  );

  if (showFailures) {
    lines.push('', 'dev-half queries the shipped engine does not rank first:');
    for (const o of shipped.outcomes.filter((x) => x.query.split === 'dev' && x.rank !== 1)) {
      lines.push(
        `  [${o.query.kind}] "${o.query.q}" rank ${o.rank || '>10'}; want ${o.query.expect.join(' | ')}; got ${o.top.slice(0, 3).join(', ')}`,
      );
    }
  }
  return { base, ours, lines, disclosure };
}

export const searchQuality: Bench = {
  name: 'search-quality',
  title: 'Search quality on bench/search/queries.yaml (plain MiniSearch vs toolgate, same catalog)',
  async run(): Promise<BenchResult> {
    const { base, ours, lines, disclosure } = evaluateAll(process.argv.includes('--failures'));
    for (const line of lines) console.log(`  ${line}`);
    const targets = [
      targetAtLeast('recall@5', ours.all.recallAt5, TARGETS.recallAt5, 'score'),
      targetAtLeast('MRR', ours.all.mrr, TARGETS.mrr, 'score'),
      targetAtLeast('paraphrase recall@5', ours.byKind.paraphrase.recallAt5, TARGETS.paraphraseRecallAt5, 'score'),
    ];
    for (const t of targets) console.log(targetLine(t));
    const metrics: Record<string, number> = {};
    for (const [who, r] of [
      ['plain', base],
      ['toolgate', ours],
    ] as const) {
      metrics[`${who}.recall_at_1`] = round(r.all.recallAt1);
      metrics[`${who}.recall_at_5`] = round(r.all.recallAt5);
      metrics[`${who}.mrr`] = round(r.all.mrr);
      for (const kind of KINDS) {
        metrics[`${who}.${kind}.recall_at_5`] = round(r.byKind[kind].recallAt5);
        metrics[`${who}.${kind}.mrr`] = round(r.byKind[kind].mrr);
      }
    }
    metrics.mrr_ratio = round(ours.all.mrr / base.all.mrr, 2);
    metrics.schema_inlined_share = round(disclosure.share);
    metrics.schema_inlined_precision = round(disclosure.precision);
    return { name: 'search-quality', metrics, targets };
  },
};
