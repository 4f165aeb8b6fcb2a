// Cold start: from just before client.connect (which spawns `node dist/toolgate.js`) to the answer
// of the first tools/list, with one downstream server configured but none started. Side by side,
// interleaved run by run, the same for the bare echo fixture: the floor of what Node + the MCP SDK
// cost to spawn, initialize and list tools.
import type { Bench, BenchResult, Sandbox, StdioPeer, Stats } from './lib.js';
import { readFileSync } from 'node:fs';
import {
  ECHO_FIXTURE,
  GATEWAY_SETTLE_MS,
  REQUEST_TIMEOUT_MS,
  assertGatewayBuilt,
  createSandbox,
  fixturePeer,
  gatewayPeer,
  ms,
  round,
  summarize,
  target,
  targetLine,
  withStderr,
} from './lib.js';

export const WARMUPS = 2;
export const RUNS = 15;
export const TARGET_P50_MS = 300;

interface Sample {
  /** Process start (connect) to the tools/list answer. */
  startMs: number;
  tools: number;
  /** Time close() took: stdin end to process exit. */
  closeMs: number;
}

async function timeOne(peer: StdioPeer, what: string): Promise<Sample> {
  let startMs: number;
  let tools: number;
  try {
    const t0 = performance.now();
    await peer.client.connect(peer.transport, { timeout: REQUEST_TIMEOUT_MS });
    const list = await peer.client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
    startMs = performance.now() - t0;
    tools = list.tools.length;
  } catch (err) {
    await peer.close();
    throw withStderr(err, peer, `${what}: start + tools/list failed`);
  }
  const closeMs = await peer.close();
  return { startMs, tools, closeMs };
}

/** A model reads the tool list before its first call; a second is typical, and enough for the gateway's warm-up. */
export const THINK_MS = 1_000;
const FIRST_QUERY = 'open a pull request for my branch';

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface FirstSession {
  /** tools/list answered to the first catalog_search answered. */
  firstSearchMs: number;
  rssAfterListMb: number;
  rssSettledMb: number;
}

/** A fresh gateway with no servers: tools/list, a pause of `thinkMs`, the first search; then RSS once settled. */
async function firstSession(sandbox: Sandbox, thinkMs: number): Promise<FirstSession> {
  const peer = gatewayPeer(sandbox);
  try {
    await peer.client.connect(peer.transport, { timeout: REQUEST_TIMEOUT_MS });
    await peer.client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
    const pid = peer.transport.pid ?? 0;
    const rssAfterListMb = rssMb(pid);
    await new Promise((resolve) => setTimeout(resolve, thinkMs));
    const t0 = performance.now();
    await peer.client.callTool(
      { name: 'gateway_catalog_search', arguments: { query: FIRST_QUERY } },
      {
        timeout: REQUEST_TIMEOUT_MS,
      },
    );
    const firstSearchMs = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, GATEWAY_SETTLE_MS));
    return { firstSearchMs, rssAfterListMb, rssSettledMb: rssMb(pid) };
  } finally {
    await peer.close();
  }
}

function statsLine(label: string, s: Stats): string {
  return `  ${label.padEnd(22)} p50 ${ms(s.p50, 1).padStart(9)}   p90 ${ms(s.p90, 1).padStart(9)}   min ${ms(s.min, 1).padStart(9)}   max ${ms(s.max, 1).padStart(9)}`;
}

export const coldStart: Bench = {
  name: 'cold-start',
  title: `Cold start to first tools/list (${RUNS} runs after ${WARMUPS} warm-ups, no downstream started)`,
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    // One sandbox for every run: the first warm-up meets an empty TOOLGATE_HOME (reported apart),
    // the measured runs see the state a user's later starts see.
    const sandbox: Sandbox = createSandbox('cold', { echo: { command: process.execPath, args: [ECHO_FIXTURE] } });
    try {
      const gw: Sample[] = [];
      const echo: Sample[] = [];
      const warm: { gw: Sample[]; echo: Sample[] } = { gw: [], echo: [] };
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        // Alternate which one goes first, so neither always runs on a just-disturbed machine.
        const order = i % 2 === 0 ? (['gw', 'echo'] as const) : (['echo', 'gw'] as const);
        for (const which of order) {
          const sample =
            which === 'gw'
              ? await timeOne(gatewayPeer(sandbox), 'gateway')
              : await timeOne(fixturePeer(ECHO_FIXTURE), 'echo fixture');
          (i < WARMUPS ? warm[which] : which === 'gw' ? gw : echo).push(sample);
        }
      }
      const spawned = sandbox.spawnedDownstreams();
      const empty = createSandbox('first-session', {});
      let eager: FirstSession;
      let thinking: FirstSession;
      try {
        eager = await firstSession(empty, 0);
        thinking = await firstSession(empty, THINK_MS);
      } finally {
        empty.dispose();
      }

      const gwStats = summarize(gw.map((s) => s.startMs));
      const echoStats = summarize(echo.map((s) => s.startMs));
      const gwClose = summarize(gw.map((s) => s.closeMs));
      const echoClose = summarize(echo.map((s) => s.closeMs));
      const ratio = gwStats.p50 / echoStats.p50;
      const firstEver = warm.gw[0]?.startMs ?? Number.NaN;

      console.log(statsLine(`gateway (${gw[0]?.tools ?? '?'} tools)`, gwStats));
      console.log(statsLine(`echo fixture (${echo[0]?.tools ?? '?'} tool)`, echoStats));
      console.log(
        `  ratio gateway / echo (p50): ${ratio.toFixed(2)}x; gateway's own cost over the floor: ${ms(gwStats.p50 - echoStats.p50, 1)}`,
      );
      if (ratio < 1) {
        console.log(
          '  (the gateway is one esbuild bundle, while the fixture loads the SDK and zod from node_modules file by file, so the fixture is a loose floor)',
        );
      }
      console.log(`  first-ever gateway start (empty TOOLGATE_HOME, warm-up 1): ${ms(firstEver, 1)}`);
      console.log(
        `  exit after stdin end (close): gateway p50 ${ms(gwClose.p50, 1)} max ${ms(gwClose.max, 1)}; echo p50 ${ms(echoClose.p50, 1)} max ${ms(echoClose.max, 1)}`,
      );
      console.log(
        `  first catalog_search of a session (no servers; the manifest snapshot is searched): ${ms(eager.firstSearchMs, 1)} right after tools/list, ${ms(thinking.firstSearchMs, 1)} after a ${THINK_MS} ms pause (the gateway indexes the snapshot in the background meanwhile)`,
      );
      console.log(
        `  gateway RSS: ${eager.rssAfterListMb.toFixed(1)} MB after the first tools/list; ${thinking.rssSettledMb.toFixed(1)} MB idle after a search, once the one-time loads (catalog, tokenizer) are done`,
      );
      console.log(
        `  downstream processes spawned during all ${WARMUPS + RUNS} gateway starts: ${spawned}${spawned ? '  (NOTE: expected 0, downstreams should start lazily)' : ''}`,
      );

      const targets = [target('gateway p50', gwStats.p50, TARGET_P50_MS, 'ms')];
      for (const t of targets) console.log(targetLine(t));
      return {
        name: 'cold-start',
        metrics: {
          gateway_p50_ms: round(gwStats.p50, 1),
          gateway_p90_ms: round(gwStats.p90, 1),
          gateway_min_ms: round(gwStats.min, 1),
          echo_p50_ms: round(echoStats.p50, 1),
          echo_p90_ms: round(echoStats.p90, 1),
          echo_min_ms: round(echoStats.min, 1),
          gateway_over_echo_ratio: round(ratio, 2),
          gateway_first_ever_ms: round(firstEver, 1),
          gateway_close_p50_ms: round(gwClose.p50, 1),
          first_search_eager_ms: round(eager.firstSearchMs, 1),
          first_search_after_pause_ms: round(thinking.firstSearchMs, 1),
          rss_after_first_list_mb: round(eager.rssAfterListMb, 1),
          rss_idle_settled_mb: round(thinking.rssSettledMb, 1),
          downstreams_spawned: spawned,
        },
        targets,
      };
    } finally {
      sandbox.dispose();
    }
  },
};
