// Search latency and index build time at 1k, 5k and 50k synthetic tools (bench/search/synthetic-catalog.ts),
// toolgate's ToolIndex and plain MiniSearch side by side on the same catalog and queries. Writes the
// numbers to bench/results/search-latency.json and the chart to bench/results/search-latency.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { ToolIndex } from '../src/catalog/tool-index.js';
import type { Bench, BenchResult, Stats } from './lib.js';
import { ms, ROOT, round, summarize, target, targetLine } from './lib.js';
import { renderLatencyChart, type LatencyPoint } from './search/latency-chart.js';
import { LATENCY_QUERIES, syntheticCatalog, type SyntheticServer } from './search/synthetic-catalog.js';

export const SIZES = [1_000, 5_000, 50_000] as const;
/** Timed queries per size (after warm-up); fewer at 50k, where each one costs more. */
const QUERIES_AT: Record<number, number> = { 1_000: 600, 5_000: 600, 50_000: 200 };
const WARMUP_QUERIES = 30;
/** The limit catalog_search uses by default. */
const LIMIT = 8;
export const TARGETS = { p95At5k: 5, p95At50k: 30, buildAt5k: 500 } as const;
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

type Search = (query: string) => number;

interface Built {
  search: Search;
  buildMs: number;
  /** CPU time of the build (user + system): less disturbed than wall time on a busy machine. */
  buildCpuMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function buildToolgate(servers: readonly SyntheticServer[]): Built {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const index = new ToolIndex();
  for (const { server, tools, description } of servers) index.replaceServer(server, tools, { description });
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs(c0);
  const options = { limit: LIMIT, includeOffline: true, isOnline: () => false, isVisible: () => true };
  return { search: (query) => index.query(query, options).length, buildMs, buildCpuMs };
}

function buildPlain(servers: readonly SyntheticServer[]): Built {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const search = new MiniSearch<{ id: string; name: string; description: string }>({ fields: ['name', 'description'] });
  for (const { server, tools } of servers)
    search.addAll(
      tools.map((tool) => ({ id: `${server}::${tool.name}`, name: tool.name, description: tool.description ?? '' })),
    );
  const buildMs = performance.now() - t0;
  return { search: (query) => search.search(query).slice(0, LIMIT).length, buildMs, buildCpuMs: cpuMs(c0) };
}

/** Wall time and CPU time of one query, in ms. */
function time(search: Search, query: string, cpu: number[]): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  search(query);
  const wall = performance.now() - t0;
  cpu.push(cpuMs(c0));
  return wall;
}

function line(label: string, s: Stats, cpu: Stats, built: Built): string {
  return `    ${label.padEnd(17)} build ${ms(built.buildMs, 0).padStart(8)} (cpu ${ms(built.buildCpuMs, 0)})   p50 ${ms(s.p50).padStart(9)}   p95 ${ms(s.p95).padStart(9)}   max ${ms(s.max, 1).padStart(9)}   cpu p50 ${ms(cpu.p50)} p95 ${ms(cpu.p95)}`;
}

export const searchLatency: Bench = {
  name: 'search-latency',
  title: `Search latency (limit ${LIMIT}) and index build time at ${SIZES.map((n) => `${n / 1000}k`).join(', ')} synthetic tools`,
  async run(): Promise<BenchResult> {
    const metrics: Record<string, number> = {};
    // Other processes competing for the cores inflate wall times; say how busy the machine was.
    const [load] = loadavg();
    console.log(
      `  load average at start: ${load?.toFixed(2)} on ${availableParallelism()} cores (wall times are inflated when it is above the core count; CPU times much less)`,
    );
    metrics.load_average = round(load ?? Number.NaN, 2);
    const points: LatencyPoint[] = [];
    for (const size of SIZES) {
      const servers = syntheticCatalog(size);
      const ours = buildToolgate(servers);
      const plain = buildPlain(servers);
      for (let i = 0; i < WARMUP_QUERIES; i++) {
        const query = LATENCY_QUERIES[i % LATENCY_QUERIES.length] as string;
        ours.search(query);
        plain.search(query);
      }
      const a: number[] = [];
      const b: number[] = [];
      const aCpu: number[] = [];
      const bCpu: number[] = [];
      const rounds = QUERIES_AT[size] ?? 300;
      for (let i = 0; i < rounds; i++) {
        const query = LATENCY_QUERIES[i % LATENCY_QUERIES.length] as string;
        // Alternate the order so neither engine always runs on a cache the other just warmed.
        if (i % 2) {
          a.push(time(ours.search, query, aCpu));
          b.push(time(plain.search, query, bCpu));
        } else {
          b.push(time(plain.search, query, bCpu));
          a.push(time(ours.search, query, aCpu));
        }
      }
      const sa = summarize(a);
      const sb = summarize(b);
      console.log(`  ${size.toLocaleString('en-US')} tools in ${servers.length} servers, ${rounds} queries:`);
      const ca = summarize(aCpu);
      const cb = summarize(bCpu);
      console.log(line('toolgate', sa, ca, ours));
      console.log(line('plain MiniSearch', sb, cb, plain));
      console.log(
        `    ratio toolgate / plain: p50 ${(sa.p50 / sb.p50).toFixed(2)}x, p95 ${(sa.p95 / sb.p95).toFixed(2)}x, build ${(ours.buildMs / plain.buildMs).toFixed(2)}x`,
      );
      const key = `${size / 1000}k`;
      metrics[`${key}.p50_ms`] = round(sa.p50);
      metrics[`${key}.p95_ms`] = round(sa.p95);
      metrics[`${key}.build_ms`] = round(ours.buildMs, 1);
      metrics[`${key}.build_cpu_ms`] = round(ours.buildCpuMs, 1);
      metrics[`${key}.cpu_p50_ms`] = round(ca.p50);
      metrics[`${key}.cpu_p95_ms`] = round(ca.p95);
      metrics[`${key}.plain_p50_ms`] = round(sb.p50);
      metrics[`${key}.plain_p95_ms`] = round(sb.p95);
      metrics[`${key}.plain_build_ms`] = round(plain.buildMs, 1);
      points.push({ tools: size, p50: sa.p50, p95: sa.p95, plainP50: sb.p50, plainP95: sb.p95, buildMs: ours.buildMs });
    }
    mkdirSync(RESULTS_DIR, { recursive: true });
    const meta = {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      cores: availableParallelism(),
      load_average: load,
      measured_at: new Date().toISOString(),
    };
    writeFileSync(join(RESULTS_DIR, 'search-latency.json'), `${JSON.stringify({ ...meta, points }, null, 2)}\n`);
    writeFileSync(
      join(RESULTS_DIR, 'search-latency.svg'),
      renderLatencyChart(points, `node ${process.version}, ${process.platform}/${process.arch}`),
    );
    console.log(`  wrote bench/results/search-latency.json and bench/results/search-latency.svg`);

    const targets = [
      target('p95 at 5k tools', metrics['5k.p95_ms'] ?? Number.NaN, TARGETS.p95At5k, 'ms'),
      target('p95 at 50k tools', metrics['50k.p95_ms'] ?? Number.NaN, TARGETS.p95At50k, 'ms'),
      target('index build at 5k tools', metrics['5k.build_ms'] ?? Number.NaN, TARGETS.buildAt5k, 'ms'),
    ];
    for (const t of targets) console.log(targetLine(t));
    return { name: 'search-latency', metrics, targets };
  },
};
