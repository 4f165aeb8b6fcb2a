// Search quality on the independent set (bench/search/independent/, frozen; issue 15): the catalog as a
// user runs the gateway, configured servers installed and the manifest's other servers uninstalled but
// searchable. Plain MiniSearch, toolgate before installed-first, and the shipped search path.
//
//   npm run bench:search                    (the report; held-out is only ever shown as totals)
//   npm run bench:search -- --failures      (also every dev-half query the shipped path misses at 1)
import type { Bench, BenchResult } from './lib.js';
import { round, targetAtLeast, targetLine } from './lib.js';
import { BEFORE_SEMANTIC, gatewayEngine, plainMiniSearch } from './search/engines.js';
import {
  breakdown,
  installedFirstShare,
  runEngine,
  type Breakdown,
  type Engine,
  type QueryOutcome,
  type Scores,
} from './search/evaluate.js';
import { INDEPENDENT_KINDS, loadIndependentSet, type IndependentSet } from './search/independent-set.js';

export const INDEPENDENT_TARGETS = { recallAt5: 0.9, mrr: 0.75, paraphraseRecallAt5: 0.7, installedFirst: 1 } as const;

type Kinds = (typeof INDEPENDENT_KINDS)[number];
export interface IndependentResult {
  name: string;
  /** Share of queries with the tool of the longest description among the first three (issue 15: hubs). */
  hubShare: number;
  result: Breakdown<Kinds>;
  installedFirst: { n: number; share: number };
  outcomes: QueryOutcome[];
}

/** Every engine compared, the shipped search path last. */
export function independentEngines(set: IndependentSet): Engine[] {
  const { catalog, configured } = set;
  return [
    plainMiniSearch(catalog),
    gatewayEngine('toolgate before (index order, no manifest context)', catalog, configured, {
      ...BEFORE_SEMANTIC,
      configuredContext: false,
      installedFirst: false,
    }),
    gatewayEngine('toolgate before, include_offline: false', catalog, configured, {
      ...BEFORE_SEMANTIC,
      configuredContext: false,
      installedFirst: false,
      onlineOnly: true,
    }),
    gatewayEngine('+ manifest context for configured servers', catalog, configured, {
      ...BEFORE_SEMANTIC,
      configuredContext: true,
      installedFirst: false,
    }),
    gatewayEngine('+ installed first (uninstalled weight 0.35)', catalog, configured, {
      ...BEFORE_SEMANTIC,
      configuredContext: true,
      installedFirst: true,
    }),
    gatewayEngine('+ hub dampening', catalog, configured, {
      ...BEFORE_SEMANTIC,
      tuning: { semanticWeight: 0 },
      configuredContext: true,
      installedFirst: true,
    }),
    gatewayEngine('+ semantic layer (word vectors), uninstalled weight 0.35', catalog, configured, {
      uninstalledWeight: 0.35,
      configuredContext: true,
      installedFirst: true,
    }),
    gatewayEngine('+ uninstalled weight 0.6 (shipped search path)', catalog, configured, {
      configuredContext: true,
      installedFirst: true,
    }),
  ];
}

export function evaluateIndependent(set = loadIndependentSet()): IndependentResult[] {
  const tools = new Map<string, string>(
    set.catalog.servers.flatMap(({ server, tools }) =>
      tools.map((tool) => [`${server}::${tool.name}`, server] as const),
    ),
  );
  const isInstalled = (toolId: string) => set.configured.has(tools.get(toolId) ?? '');
  const hub = longestDescriptionTool(set);
  return independentEngines(set).map((engine) => {
    const outcomes = runEngine(engine, set.queries);
    return {
      name: engine.name,
      result: breakdown(outcomes, INDEPENDENT_KINDS),
      installedFirst: installedFirstShare(outcomes, isInstalled),
      hubShare: outcomes.filter((o) => o.top.slice(0, 3).includes(hub)).length / outcomes.length,
      outcomes,
    };
  });
}

/** The id of the catalog's tool with the longest description. */
export function longestDescriptionTool(set: IndependentSet): string {
  let longest = { id: '', length: -1 };
  for (const { server, tools } of set.catalog.servers)
    for (const tool of tools)
      if ((tool.description ?? '').length > longest.length)
        longest = { id: `${server}::${tool.name}`, length: (tool.description ?? '').length };
  return longest.id;
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');
const cells = (s: Scores) => `${f(s.recallAt1)}  ${f(s.recallAt5)}  ${f(s.mrr)}`;

export function reportLines(
  set: IndependentSet,
  results: readonly IndependentResult[],
  showFailures: boolean,
): string[] {
  const lines = [`catalog: ${set.catalog.source}, ${set.configured.size} configured; queries: ${set.queries.length}`];
  const rows: [string, (r: Breakdown<Kinds>) => Scores][] = [
    ['dev', (r) => r.dev],
    ['held-out', (r) => r.heldOut],
    ['all', (r) => r.all],
    ...INDEPENDENT_KINDS.map((kind): [string, (r: Breakdown<Kinds>) => Scores] => [kind, (r) => r.byKind[kind]]),
  ];
  for (const result of results) {
    lines.push(
      '',
      `${result.name}: installed-before-uninstalled holds ${f(result.installedFirst.share)} of ${result.installedFirst.n}; longest-description tool in the top 3 of ${f(result.hubShare)}`,
    );
    lines.push(`  ${'slice'.padEnd(30)} R@1    R@5    MRR`);
    for (const [label, pick] of rows)
      lines.push(`  ${`${label} (${pick(result.result).n})`.padEnd(30)} ${cells(pick(result.result))}`);
  }
  const shipped = results[results.length - 1];
  if (showFailures && shipped) {
    lines.push('', `dev-half queries "${shipped.name}" does not rank first:`);
    for (const o of shipped.outcomes.filter((x) => x.query.split === 'dev' && x.rank !== 1)) {
      lines.push(
        `  [${o.query.kind}] "${o.query.q}" rank ${o.rank || '>10'}; want ${o.query.expect.join(' | ')}; got ${o.top.slice(0, 3).join(', ')}`,
      );
    }
  }
  return lines;
}

export const searchIndependent: Bench = {
  name: 'search-independent',
  title:
    'Search quality on the independent set (bench/search/independent/: configured servers installed, the rest of the manifest uninstalled)',
  async run(): Promise<BenchResult> {
    const set = loadIndependentSet();
    const results = evaluateIndependent(set);
    for (const line of reportLines(set, results, process.argv.includes('--failures'))) console.log(`  ${line}`);
    const shipped = results[results.length - 1];
    if (!shipped) throw new Error('no engines');
    const ours = shipped.result;
    const targets = [
      targetAtLeast('recall@5', ours.all.recallAt5, INDEPENDENT_TARGETS.recallAt5, 'score'),
      targetAtLeast('MRR', ours.all.mrr, INDEPENDENT_TARGETS.mrr, 'score'),
      targetAtLeast(
        'paraphrase recall@5',
        ours.byKind.paraphrase.recallAt5,
        INDEPENDENT_TARGETS.paraphraseRecallAt5,
        'score',
      ),
      targetAtLeast(
        'installed-before-uninstalled',
        shipped.installedFirst.share,
        INDEPENDENT_TARGETS.installedFirst,
        'share',
      ),
    ];
    for (const t of targets) console.log(targetLine(t));
    const metrics: Record<string, number> = {};
    for (const [who, r] of [
      ['plain', results[0]],
      ['toolgate', shipped],
    ] as const) {
      if (!r) continue;
      for (const [split, s] of [
        ['dev', r.result.dev],
        ['held_out', r.result.heldOut],
        ['all', r.result.all],
      ] as const) {
        metrics[`${who}.${split}.recall_at_1`] = round(s.recallAt1);
        metrics[`${who}.${split}.recall_at_5`] = round(s.recallAt5);
        metrics[`${who}.${split}.mrr`] = round(s.mrr);
      }
      metrics[`${who}.installed_first`] = round(r.installedFirst.share);
      metrics[`${who}.hub_share`] = round(r.hubShare);
    }
    return { name: 'search-independent', metrics, targets };
  },
};
