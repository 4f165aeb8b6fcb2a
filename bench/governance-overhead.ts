// Governance overhead: what each way of putting toolgate in front of one server adds to a trivial call.
// Four clients call the same echo fixture: directly; through `toolgate wrap` (the transparent proxy,
// gates and audit log on); through a flat gateway (the tool listed directly as echo__echo); and through
// gateway_invoke (progressive). They are timed in the same rounds, the order rotating every round, so
// drift on the machine hits all alike. No target: the numbers are context for the note and
// for BENCHMARKS.md (every path writes one audit line per call, as it does for users).
import {
  GATEWAY_BIN,
  ECHO_FIXTURE,
  REQUEST_TIMEOUT_MS,
  assertGatewayBuilt,
  closeAll,
  createSandbox,
  firstText,
  fixturePeer,
  ms,
  prepareStdio,
  round,
  summarize,
  withStderr,
} from './lib.js';
import type { Bench, BenchResult, StdioPeer } from './lib.js';

export const WARMUP_CALLS = 200;
export const ROUNDS = 1000;

interface Series {
  label: string;
  peer: StdioPeer;
  call: (text: string) => Promise<unknown>;
  samples: number[];
}

async function timed(series: Series, text: string): Promise<number> {
  const t0 = performance.now();
  let result: unknown;
  try {
    result = await series.call(text);
  } catch (err) {
    throw withStderr(err, series.peer, `${series.label}: call failed`);
  }
  const elapsed = performance.now() - t0;
  if (firstText(result) !== text)
    throw withStderr(
      new Error(`expected ${JSON.stringify(text)}, got ${JSON.stringify(result).slice(0, 300)}`),
      series.peer,
      `${series.label}: wrong result`,
    );
  return elapsed;
}

export const governanceOverhead: Bench = {
  name: 'governance-overhead',
  title: `Governance overhead: echo directly vs through toolgate wrap, flat exposure and gateway_invoke (${ROUNDS} rotating rounds after ${WARMUP_CALLS} warm-up calls each)`,
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const echo = { command: process.execPath, args: [ECHO_FIXTURE] };
    // One sandbox per gateway: two gateways in one TOOLGATE_HOME would share one process (the singleton lock).
    const wrapBox = createSandbox('gov-wrap', {});
    const flatBox = createSandbox('gov-flat', { echo });
    const progressiveBox = createSandbox('gov-progressive', { echo });
    const opts = { timeout: REQUEST_TIMEOUT_MS };
    const peers = {
      direct: fixturePeer(ECHO_FIXTURE),
      wrap: prepareStdio(
        process.execPath,
        [GATEWAY_BIN, 'wrap', '--name', 'echo', '--', process.execPath, ECHO_FIXTURE],
        { cwd: wrapBox.cwd, env: wrapBox.env },
      ),
      flat: prepareStdio(process.execPath, [GATEWAY_BIN, 'serve', '--exposure', 'flat'], {
        cwd: flatBox.cwd,
        env: flatBox.env,
      }),
      invoke: prepareStdio(process.execPath, [GATEWAY_BIN], { cwd: progressiveBox.cwd, env: progressiveBox.env }),
    };
    const series: Series[] = [
      {
        label: 'direct',
        peer: peers.direct,
        samples: [],
        call: (text) => peers.direct.client.callTool({ name: 'echo', arguments: { text } }, opts),
      },
      {
        label: 'wrap',
        peer: peers.wrap,
        samples: [],
        call: (text) => peers.wrap.client.callTool({ name: 'echo', arguments: { text } }, opts),
      },
      {
        label: 'flat',
        peer: peers.flat,
        samples: [],
        call: (text) => peers.flat.client.callTool({ name: 'echo__echo', arguments: { text } }, opts),
      },
      {
        label: 'invoke',
        peer: peers.invoke,
        samples: [],
        call: (text) =>
          peers.invoke.client.callTool(
            { name: 'gateway_invoke', arguments: { tool_id: 'echo::echo', arguments: { text } } },
            opts,
          ),
      },
    ];
    try {
      for (const s of series) {
        try {
          await s.peer.client.connect(s.peer.transport, { timeout: REQUEST_TIMEOUT_MS });
        } catch (err) {
          throw withStderr(err, s.peer, `${s.label}: connect failed`);
        }
        // As a client does: list first (in flat mode this starts the server and learns its tools).
        await s.peer.client.listTools(undefined, opts);
        for (let i = 0; i < WARMUP_CALLS; i++) await timed(s, `warm-${i}`);
      }
      const t0 = performance.now();
      for (let i = 0; i < ROUNDS; i++) {
        for (let k = 0; k < series.length; k++) {
          const s = series[(i + k) % series.length] as Series;
          s.samples.push(await timed(s, `round-${i}`));
        }
      }
      const wallMs = performance.now() - t0;
      const stats = Object.fromEntries(series.map((s) => [s.label, summarize(s.samples)]));
      const direct = stats.direct!;
      const metrics: Record<string, number> = { rounds: ROUNDS };
      for (const s of series) {
        const st = stats[s.label]!;
        const over =
          s.label === 'direct'
            ? ''
            : `   added p50 ${ms(st.p50 - direct.p50).padStart(9)}   ratio p50 ${(st.p50 / direct.p50).toFixed(2)}x`;
        console.log(`  ${s.label.padEnd(7)} p50 ${ms(st.p50).padStart(9)}   p99 ${ms(st.p99).padStart(9)}${over}`);
        metrics[`${s.label}_p50_ms`] = round(st.p50);
        metrics[`${s.label}_p99_ms`] = round(st.p99);
        if (s.label !== 'direct') metrics[`${s.label}_added_p50_ms`] = round(st.p50 - direct.p50);
      }
      console.log(`  ${ROUNDS} rounds in ${ms(wallMs, 0)}`);
      return { name: 'governance-overhead', metrics, targets: [] };
    } finally {
      await closeAll(Object.values(peers));
      for (const box of [wrapBox, flatBox, progressiveBox]) box.dispose();
    }
  },
};
