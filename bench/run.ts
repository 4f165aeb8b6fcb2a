// Benchmark entry point: runs every benchmark (or the ones named with --only), prints a readable
// report with PASS/MISS against each target, and ends with one JSON summary line.
//
//   npm run bench                         (builds first)
//   npm run bench -- --only cold-start    (--only takes a name or a comma-separated list; repeatable)
//   node --import tsx bench/run.ts        (without rebuilding dist/)
//
// Exit code: 0 when every benchmark ran, even if a target was missed; 1 when a benchmark crashed
// or the suite ran out of time; 2 for a usage error.
import { coldStart } from './cold-start.js';
import { httpService } from './http-service.js';
import { invokeOverhead } from './invoke-overhead.js';
import { governanceOverhead } from './governance-overhead.js';
import type { Bench, BenchResult } from './lib.js';
import { targetLine } from './lib.js';
import { load } from './load.js';
import { searchIndependent } from './search-independent.js';
import { searchLatency } from './search-latency.js';
import { searchQuality } from './search-quality.js';
import { surfaceTokens } from './surface-tokens.js';

const BENCHES: Bench[] = [
  surfaceTokens,
  searchQuality,
  searchIndependent,
  searchLatency,
  coldStart,
  invokeOverhead,
  governanceOverhead,
  httpService,
  load,
];

/** Hard limit on the whole suite: a hung child must not hang CI. */
const SUITE_TIMEOUT_MS = 600_000;

function usage(message?: string): never {
  if (message) console.error(`bench: ${message}`);
  console.error(`usage: node --import tsx bench/run.ts [--only <name>[,<name>...]]... [--failures]`);
  console.error(`benchmarks: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Bench[] {
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--only') {
      const value = argv[++i];
      if (!value) usage('--only needs a benchmark name');
      only.push(...value.split(','));
    } else if (arg.startsWith('--only=')) {
      only.push(...arg.slice('--only='.length).split(','));
    } else if (arg === '--failures') {
      // Read by search-quality and search-independent: also list the dev-half queries the shipped engine misses.
    } else if (arg === '--help' || arg === '-h') {
      usage();
    } else {
      usage(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  const names = only.map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) return BENCHES;
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) usage(`unknown benchmark ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  return BENCHES.filter((b) => names.includes(b.name));
}

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  result?: BenchResult;
  error?: string;
}

async function runAll(selected: Bench[], outcomes: Outcome[]): Promise<void> {
  for (const bench of selected) {
    console.log(`\n== ${bench.name}: ${bench.title}`);
    const t0 = performance.now();
    try {
      const result = await bench.run();
      outcomes.push({ name: bench.name, ok: true, seconds: (performance.now() - t0) / 1000, result });
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.log(`  CRASH  ${message}`);
      outcomes.push({
        name: bench.name,
        ok: false,
        seconds: (performance.now() - t0) / 1000,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

async function main(): Promise<number> {
  const selected = parseArgs(process.argv.slice(2));
  const outcomes: Outcome[] = [];
  const suiteStart = performance.now();

  // Not unref'd on purpose: a benchmark stuck on a promise nothing will settle must still end
  // the process with a failure instead of letting it exit 0 silently.
  const watchdog = setTimeout(() => {
    console.error(`bench: suite exceeded ${SUITE_TIMEOUT_MS / 1000} s; aborting`);
    console.log(JSON.stringify({ bench: 'toolgate', ok: false, error: 'suite timeout', results: outcomes }));
    process.exit(1);
  }, SUITE_TIMEOUT_MS);

  console.log(`toolgate benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
  try {
    await runAll(selected, outcomes);
  } finally {
    clearTimeout(watchdog);
  }

  console.log('\n== summary');
  for (const o of outcomes) {
    if (!o.ok) {
      console.log(`  CRASH  ${o.name}: ${(o.error ?? '').split('\n')[0]}`);
      continue;
    }
    for (const t of o.result?.targets ?? []) console.log(targetLine({ ...t, metric: `${o.name}: ${t.metric}` }));
  }
  const targets = outcomes.flatMap((o) => o.result?.targets ?? []);
  const crashed = outcomes.filter((o) => !o.ok).length;
  const missed = targets.filter((t) => !t.pass).length;
  const seconds = (performance.now() - suiteStart) / 1000;
  console.log(
    `  ${targets.length - missed}/${targets.length} targets met, ${crashed} crashed, ${seconds.toFixed(1)} s`,
  );

  const summary = {
    bench: 'toolgate',
    ok: crashed === 0,
    targets_met: targets.length - missed,
    targets_total: targets.length,
    crashed,
    seconds: Math.round(seconds * 10) / 10,
    results: Object.fromEntries(
      outcomes.map((o) => [
        o.name,
        o.ok && o.result
          ? {
              ok: true,
              seconds: Math.round(o.seconds * 10) / 10,
              metrics: o.result.metrics,
              targets: o.result.targets.map((t) => ({
                metric: t.metric,
                actual: t.actual,
                limit: t.limit,
                unit: t.unit,
                pass: t.pass,
              })),
            }
          : { ok: false, seconds: Math.round(o.seconds * 10) / 10, error: o.error },
      ]),
    ),
  };
  console.log(JSON.stringify(summary));
  return crashed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
