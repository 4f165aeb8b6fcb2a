// Cold start: from just before client.connect (which spawns `node dist/toolgate.js`) to the answer
// of the first tools/list, with one downstream server configured but none started. Side by side,
// interleaved run by run, the same for the bare echo fixture: the floor of what Node + the MCP SDK
// cost to spawn, initialize and list tools.
import type { Bench, BenchResult, Sandbox, StdioPeer, Stats } from './lib.js';
import { ECHO_FIXTURE, REQUEST_TIMEOUT_MS, assertGatewayBuilt, createSandbox, fixturePeer, gatewayPeer, ms, round, summarize, target, targetLine, withStderr } from './lib.js';

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
          const sample = which === 'gw' ? await timeOne(gatewayPeer(sandbox), 'gateway') : await timeOne(fixturePeer(ECHO_FIXTURE), 'echo fixture');
          (i < WARMUPS ? warm[which] : which === 'gw' ? gw : echo).push(sample);
        }
      }
      const spawned = sandbox.spawnedDownstreams();

      const gwStats = summarize(gw.map((s) => s.startMs));
      const echoStats = summarize(echo.map((s) => s.startMs));
      const gwClose = summarize(gw.map((s) => s.closeMs));
      const echoClose = summarize(echo.map((s) => s.closeMs));
      const ratio = gwStats.p50 / echoStats.p50;
      const firstEver = warm.gw[0]?.startMs ?? Number.NaN;

      console.log(statsLine(`gateway (${gw[0]?.tools ?? '?'} tools)`, gwStats));
      console.log(statsLine(`echo fixture (${echo[0]?.tools ?? '?'} tool)`, echoStats));
      console.log(`  ratio gateway / echo (p50): ${ratio.toFixed(2)}x; gateway's own cost over the floor: ${ms(gwStats.p50 - echoStats.p50, 1)}`);
      if (ratio < 1) {
        console.log('  (the gateway is one esbuild bundle, while the fixture loads the SDK and zod from node_modules file by file, so the fixture is a loose floor)');
      }
      console.log(`  first-ever gateway start (empty TOOLGATE_HOME, warm-up 1): ${ms(firstEver, 1)}`);
      console.log(`  exit after stdin end (close): gateway p50 ${ms(gwClose.p50, 1)} max ${ms(gwClose.max, 1)}; echo p50 ${ms(echoClose.p50, 1)} max ${ms(echoClose.max, 1)}`);
      console.log(`  downstream processes spawned during all ${WARMUPS + RUNS} gateway starts: ${spawned}${spawned ? '  (NOTE: expected 0, downstreams should start lazily)' : ''}`);

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
          downstreams_spawned: spawned,
        },
        targets,
      };
    } finally {
      sandbox.dispose();
    }
  },
};
