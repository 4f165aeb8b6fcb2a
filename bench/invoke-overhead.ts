// Invoke overhead: the latency the gateway adds to one call of a trivial tool. One client talks to
// the echo fixture directly; another talks to the gateway, which fronts the same fixture script.
// After warming both, the two are timed in alternation, round by round, with the order flipped
// every round, so that drift on the machine hits both sides alike.
// For context only (no target): a third client talks to bench/thin-hop.mjs, the thinnest possible
// stdio forwarder in front of the same fixture, timed in the same rounds. gateway - thin hop is
// what the gateway adds beyond the unavoidable cost of a second stdio hop.
import { join } from 'node:path';
import type { Bench, BenchResult, StdioPeer, Stats } from './lib.js';
import {
  ECHO_FIXTURE,
  REQUEST_TIMEOUT_MS,
  ROOT,
  assertGatewayBuilt,
  closeAll,
  createSandbox,
  firstText,
  fixturePeer,
  gatewayPeer,
  prepareStdio,
  ms,
  round,
  summarize,
  target,
  targetLine,
  withStderr,
} from './lib.js';

export const WARMUP_CALLS = 200;
export const ROUNDS = 2000;
export const TARGET_P50_OVERHEAD_MS = 0.3;
const THIN_HOP = join(ROOT, 'bench', 'thin-hop.mjs');

type Call = (text: string) => Promise<unknown>;

/** Time one call and check that the text came back. */
async function timed(call: Call, text: string, peer: StdioPeer, what: string): Promise<number> {
  let result: unknown;
  const t0 = performance.now();
  try {
    result = await call(text);
  } catch (err) {
    throw withStderr(err, peer, `${what}: call failed`);
  }
  const elapsed = performance.now() - t0;
  const got = firstText(result);
  if (got !== text) {
    throw withStderr(
      new Error(`expected text ${JSON.stringify(text)}, got ${JSON.stringify(result).slice(0, 500)}`),
      peer,
      `${what}: wrong result`,
    );
  }
  return elapsed;
}

function statsLine(label: string, s: Stats): string {
  return `  ${label.padEnd(9)} p50 ${ms(s.p50).padStart(9)}   p90 ${ms(s.p90).padStart(9)}   p99 ${ms(s.p99).padStart(9)}   min ${ms(s.min).padStart(9)}   max ${ms(s.max, 1).padStart(9)}`;
}

export const invokeOverhead: Bench = {
  name: 'invoke-overhead',
  title: `Invoke overhead: gateway_invoke(echo::echo) vs direct echo (${ROUNDS} interleaved rounds after ${WARMUP_CALLS} warm-up calls each)`,
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const sandbox = createSandbox('invoke', { echo: { command: process.execPath, args: [ECHO_FIXTURE] } });
    const direct = fixturePeer(ECHO_FIXTURE);
    const gateway = gatewayPeer(sandbox);
    const hop = prepareStdio(process.execPath, [THIN_HOP, ECHO_FIXTURE]);
    try {
      try {
        await direct.client.connect(direct.transport, { timeout: REQUEST_TIMEOUT_MS });
      } catch (err) {
        throw withStderr(err, direct, 'echo fixture: connect failed');
      }
      try {
        await gateway.client.connect(gateway.transport, { timeout: REQUEST_TIMEOUT_MS });
      } catch (err) {
        throw withStderr(err, gateway, 'gateway: connect failed');
      }
      try {
        await hop.client.connect(hop.transport, { timeout: REQUEST_TIMEOUT_MS });
      } catch (err) {
        throw withStderr(err, hop, 'thin hop: connect failed');
      }

      const opts = { timeout: REQUEST_TIMEOUT_MS };
      const callDirect: Call = (text) => direct.client.callTool({ name: 'echo', arguments: { text } }, opts);
      const callHop: Call = (text) => hop.client.callTool({ name: 'echo', arguments: { text } }, opts);
      const callGateway: Call = (text) =>
        gateway.client.callTool(
          { name: 'gateway_invoke', arguments: { tool_id: 'echo::echo', arguments: { text } } },
          opts,
        );

      // Warm-up; the first gateway call starts the downstream echo server lazily.
      const firstGatewayCall = await timed(callGateway, 'warm-0', gateway, 'gateway (first invoke)');
      for (let i = 1; i < WARMUP_CALLS; i++) await timed(callGateway, `warm-${i}`, gateway, 'gateway warm-up');
      for (let i = 0; i < WARMUP_CALLS; i++) await timed(callDirect, `warm-${i}`, direct, 'direct warm-up');
      for (let i = 0; i < WARMUP_CALLS; i++) await timed(callHop, `warm-${i}`, hop, 'thin hop warm-up');

      const d: number[] = [];
      const g: number[] = [];
      const h: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < ROUNDS; i++) {
        const text = `round-${i}`;
        if (i % 2 === 0) {
          d.push(await timed(callDirect, text, direct, 'direct'));
          g.push(await timed(callGateway, text, gateway, 'gateway'));
        } else {
          g.push(await timed(callGateway, text, gateway, 'gateway'));
          d.push(await timed(callDirect, text, direct, 'direct'));
        }
        // The reference series goes last, so the direct/gateway pair is timed exactly as specified.
        h.push(await timed(callHop, text, hop, 'thin hop'));
      }
      const wallMs = performance.now() - t0;
      const spawned = sandbox.spawnedDownstreams();

      const ds = summarize(d);
      const gs = summarize(g);
      const hs = summarize(h);
      const p50Overhead = gs.p50 - ds.p50;
      const p99Overhead = gs.p99 - ds.p99;
      console.log(statsLine('direct', ds));
      console.log(statsLine('gateway', gs));
      console.log(statsLine('thin hop', hs));
      console.log(
        `  overhead (gateway - direct): p50 ${ms(p50Overhead)}   p90 ${ms(gs.p90 - ds.p90)}   p99 ${ms(p99Overhead)}   mean ${ms(gs.mean - ds.mean)}`,
      );
      console.log(
        `  context: thin hop - direct p50 ${ms(hs.p50 - ds.p50)} (cost of any second stdio hop); gateway - thin hop p50 ${ms(gs.p50 - hs.p50)}, p99 ${ms(gs.p99 - hs.p99)} (the gateway's own work)`,
      );
      console.log(
        `  first gateway invoke (starts the downstream): ${ms(firstGatewayCall, 1)}; downstream echo processes started by the gateway: ${spawned}`,
      );
      console.log(`  ${ROUNDS} rounds in ${ms(wallMs, 0)}`);

      const targets = [target('p50 overhead', p50Overhead, TARGET_P50_OVERHEAD_MS, 'ms')];
      for (const t of targets) console.log(targetLine(t));
      return {
        name: 'invoke-overhead',
        metrics: {
          direct_p50_ms: round(ds.p50),
          direct_p90_ms: round(ds.p90),
          direct_p99_ms: round(ds.p99),
          gateway_p50_ms: round(gs.p50),
          gateway_p90_ms: round(gs.p90),
          gateway_p99_ms: round(gs.p99),
          thin_hop_p50_ms: round(hs.p50),
          thin_hop_p99_ms: round(hs.p99),
          gateway_over_thin_hop_p50_ms: round(gs.p50 - hs.p50),
          overhead_p50_ms: round(p50Overhead),
          overhead_p99_ms: round(p99Overhead),
          first_gateway_invoke_ms: round(firstGatewayCall, 1),
          downstreams_spawned: spawned,
          rounds: ROUNDS,
        },
        targets,
      };
    } finally {
      await closeAll([gateway, direct, hop]);
      sandbox.dispose();
    }
  },
};
