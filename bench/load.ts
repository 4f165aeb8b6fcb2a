// Load: 10,000 gateway_invoke calls across 10 echo servers, 20 in flight at a time, after a 3,000-call
// warm-up. The gateway's RSS is sampled every 250 calls. V8 lets garbage pile up between full collections,
// so raw RSS saws up and down by tens of MB at this call rate; what a leak changes is the floor. Target:
// the lowest RSS of the last 2,500 calls is within ±10% of the lowest RSS of the first 2,500 (the peak
// drift is printed too, as measured).
import { readFileSync } from 'node:fs';
import type { Bench, BenchResult } from './lib.js';
import { ECHO_FIXTURE, GATEWAY_SETTLE_MS, REQUEST_TIMEOUT_MS, assertGatewayBuilt, createSandbox, firstText, gatewayPeer, round, target, targetLine, withStderr } from './lib.js';

export const SERVERS = 10;
export const WARMUP_CALLS = 3_000;
export const CALLS = 10_000;
export const CONCURRENCY = 20;
export const SAMPLE_EVERY = 250;
/** Calls at each end of the run whose lowest RSS is compared. */
export const WINDOW_CALLS = 2_500;
export const TARGET_RSS_DRIFT_PCT = 10;

/** Resident set size of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export const load: Bench = {
  name: 'load',
  title: `Load: ${CALLS} invokes over ${SERVERS} servers, ${CONCURRENCY} in flight; gateway RSS sampled every ${SAMPLE_EVERY} calls`,
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const servers = Object.fromEntries(Array.from({ length: SERVERS }, (_, i) => [`s${i}`, { command: process.execPath, args: [ECHO_FIXTURE] }]));
    const sandbox = createSandbox('load', servers);
    const gateway = gatewayPeer(sandbox);
    try {
      try {
        await gateway.client.connect(gateway.transport, { timeout: REQUEST_TIMEOUT_MS });
      } catch (err) {
        throw withStderr(err, gateway, 'gateway: connect failed');
      }
      const pid = gateway.transport.pid;
      if (pid === null) throw new Error('gateway pid unknown');
      let next = 0;
      const one = async (i: number) => {
        const text = `load-${i}`;
        const result = await gateway.client.callTool({ name: 'gateway_invoke', arguments: { tool_id: `s${i % SERVERS}::echo`, arguments: { text } } }, undefined, { timeout: REQUEST_TIMEOUT_MS });
        if (firstText(result) !== text) throw withStderr(new Error(`call ${i}: unexpected ${JSON.stringify(result).slice(0, 300)}`), gateway, 'load');
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
      const baseline = rssMb(pid);
      const samples: number[] = [];
      const t0 = performance.now();
      for (let done = SAMPLE_EVERY; done <= CALLS; done += SAMPLE_EVERY) {
        await runUntil(WARMUP_CALLS + done);
        samples.push(rssMb(pid));
      }
      const seconds = (performance.now() - t0) / 1000;
      const window = WINDOW_CALLS / SAMPLE_EVERY;
      const floorFirst = Math.min(...samples.slice(0, window));
      const floorLast = Math.min(...samples.slice(-window));
      const floorDrift = ((floorLast - floorFirst) / floorFirst) * 100;
      const peakDrift = ((Math.max(...samples) - floorFirst) / floorFirst) * 100;
      console.log(`  RSS after warm-up ${baseline.toFixed(1)} MB; every ${SAMPLE_EVERY * 4} calls: ${samples.filter((_, i) => i % 4 === 3).map((mb) => mb.toFixed(1)).join(', ')} MB`);
      console.log(`  lowest RSS, first ${WINDOW_CALLS} calls ${floorFirst.toFixed(1)} MB, last ${WINDOW_CALLS} calls ${floorLast.toFixed(1)} MB (drift ${floorDrift.toFixed(1)}%); peak ${Math.max(...samples).toFixed(1)} MB (+${peakDrift.toFixed(1)}% over the first floor)`);
      console.log(`  ${CALLS} calls in ${seconds.toFixed(1)} s (${Math.round(CALLS / seconds)} calls/s); downstream servers started: ${sandbox.spawnedDownstreams()}`);
      const targets = [target('|RSS floor drift|', Math.abs(floorDrift), TARGET_RSS_DRIFT_PCT, '%')];
      for (const t of targets) console.log(targetLine(t));
      return {
        name: 'load',
        metrics: {
          rss_after_warmup_mb: round(baseline, 1),
          rss_floor_first_mb: round(floorFirst, 1),
          rss_floor_last_mb: round(floorLast, 1),
          rss_floor_drift_pct: round(floorDrift, 1),
          rss_peak_mb: round(Math.max(...samples), 1),
          rss_peak_drift_pct: round(peakDrift, 1),
          calls: CALLS,
          calls_per_s: Math.round(CALLS / seconds),
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
