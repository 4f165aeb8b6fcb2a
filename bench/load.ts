// Load: 10,000 gateway_invoke calls across 10 echo servers, 20 in flight at a time, after a 3,000-call
// warm-up and one more round of 1,000 before the baseline. Raw RSS saws up and down by a quarter with garbage-collection timing at this call rate, so the
// gateway runs with --expose-gc and memory is read right after a full collection (POST /debug/gc on its
// control socket) every 1,000 calls. Target: RSS after the 10,000 calls within ±10% of RSS after warm-up;
// the live heap is printed beside it, the figure a leak would move first.
import { controlSocketPath } from '../src/control/control-socket.js';
import { createSocketFetch } from '../src/control/socket-fetch.js';
import type { Bench, BenchResult } from './lib.js';
import {
  ECHO_FIXTURE,
  GATEWAY_SETTLE_MS,
  REQUEST_TIMEOUT_MS,
  assertGatewayBuilt,
  createSandbox,
  firstText,
  gatewayPeer,
  round,
  target,
  targetLine,
  withStderr,
} from './lib.js';

export const SERVERS = 10;
export const WARMUP_CALLS = 3_000;
export const CALLS = 10_000;
export const CONCURRENCY = 20;
export const SAMPLE_EVERY = 1_000;
export const TARGET_RSS_DRIFT_PCT = 10;

interface Memory {
  rssMb: number;
  heapMb: number;
}

/**
 * The gateway's memory right after a full garbage collection, asked over its control socket (POST /debug/gc,
 * there because the gateway runs with --expose-gc): without it RSS swings by a quarter with GC timing alone.
 */
async function memoryAfterGc(toolgateHome: string): Promise<Memory> {
  const fetch = createSocketFetch(controlSocketPath(toolgateHome));
  const response = await fetch('http://localhost/debug/gc', { method: 'POST' });
  if (!response.ok)
    throw new Error(`POST /debug/gc answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { rss: number; heap_used: number };
  return { rssMb: body.rss / 1048576, heapMb: body.heap_used / 1048576 };
}

export const load: Bench = {
  name: 'load',
  title: `Load: ${CALLS} invokes over ${SERVERS} servers, ${CONCURRENCY} in flight; gateway memory after a full GC every ${SAMPLE_EVERY} calls`,
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const servers = Object.fromEntries(
      Array.from({ length: SERVERS }, (_, i) => [`s${i}`, { command: process.execPath, args: [ECHO_FIXTURE] }]),
    );
    const sandbox = createSandbox('load', servers);
    const gateway = gatewayPeer(sandbox, ['--expose-gc']);
    try {
      try {
        await gateway.client.connect(gateway.transport, { timeout: REQUEST_TIMEOUT_MS });
      } catch (err) {
        throw withStderr(err, gateway, 'gateway: connect failed');
      }
      let next = 0;
      const one = async (i: number) => {
        const text = `load-${i}`;
        const result = await gateway.client.callTool(
          { name: 'gateway_invoke', arguments: { tool_id: `s${i % SERVERS}::echo`, arguments: { text } } },
          { timeout: REQUEST_TIMEOUT_MS },
        );
        if (firstText(result) !== text)
          throw withStderr(new Error(`call ${i}: unexpected ${JSON.stringify(result).slice(0, 300)}`), gateway, 'load');
      };
      /** Runs calls [next, until) with CONCURRENCY workers. */
      const runUntil = async (until: number) => {
        const worker = async () => {
          while (next < until) await one(next++);
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      };

      await runUntil(WARMUP_CALLS);
      await new Promise((resolve) => setTimeout(resolve, GATEWAY_SETTLE_MS));
      // The first full GC frees what warm-up and the one-time loads left, but the pages go back to the system
      // only later (V8 gives them back in the background): the baseline is read after one more round of calls
      // and a pause.
      await memoryAfterGc(sandbox.toolgateHome);
      await runUntil(WARMUP_CALLS + SAMPLE_EVERY);
      await memoryAfterGc(sandbox.toolgateHome);
      await new Promise((resolve) => setTimeout(resolve, GATEWAY_SETTLE_MS));
      const baseline = await memoryAfterGc(sandbox.toolgateHome);
      const start = WARMUP_CALLS + SAMPLE_EVERY;
      const samples: Memory[] = [];
      let callMs = 0;
      for (let done = SAMPLE_EVERY; done <= CALLS; done += SAMPLE_EVERY) {
        const t0 = performance.now();
        await runUntil(start + done);
        callMs += performance.now() - t0;
        samples.push(await memoryAfterGc(sandbox.toolgateHome));
      }
      const last = samples.at(-1)!;
      const rssDrift = ((last.rssMb - baseline.rssMb) / baseline.rssMb) * 100;
      const heapDrift = ((last.heapMb - baseline.heapMb) / baseline.heapMb) * 100;
      console.log(
        `  after a full GC, every ${SAMPLE_EVERY} calls: RSS ${samples.map((m) => m.rssMb.toFixed(1)).join(', ')} MB`,
      );
      console.log(
        `                                        heap ${samples.map((m) => m.heapMb.toFixed(1)).join(', ')} MB`,
      );
      console.log(
        `  after warm-up RSS ${baseline.rssMb.toFixed(1)} MB, heap ${baseline.heapMb.toFixed(1)} MB; after ${CALLS} calls RSS ${last.rssMb.toFixed(1)} MB (${rssDrift >= 0 ? '+' : ''}${rssDrift.toFixed(1)}%), heap ${last.heapMb.toFixed(1)} MB (${heapDrift >= 0 ? '+' : ''}${heapDrift.toFixed(1)}%)`,
      );
      console.log(
        `  ${CALLS} calls in ${(callMs / 1000).toFixed(1)} s of calling (${Math.round(CALLS / (callMs / 1000))} calls/s); downstream servers started: ${sandbox.spawnedDownstreams()}`,
      );
      const targets = [target('|RSS drift after a full GC|', Math.abs(rssDrift), TARGET_RSS_DRIFT_PCT, '%')];
      for (const t of targets) console.log(targetLine(t));
      return {
        name: 'load',
        metrics: {
          rss_after_warmup_mb: round(baseline.rssMb, 1),
          rss_after_calls_mb: round(last.rssMb, 1),
          rss_drift_pct: round(rssDrift, 1),
          heap_after_warmup_mb: round(baseline.heapMb, 1),
          heap_after_calls_mb: round(last.heapMb, 1),
          heap_drift_pct: round(heapDrift, 1),
          calls: CALLS,
          calls_per_s: Math.round(CALLS / (callMs / 1000)),
          downstreams_spawned: sandbox.spawnedDownstreams(),
        },
        targets,
      };
    } finally {
      await gateway.close();
      sandbox.dispose();
    }
  },
};
