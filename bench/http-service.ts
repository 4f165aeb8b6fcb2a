// The shared HTTP service: invoke latency at 1 and 50 concurrent sessions, throughput at 50, the hop it
// adds over a direct Streamable HTTP call (the same remote fixture, called directly and through toolgate,
// in interleaved rounds), and the memory each extra session costs (gateway RSS before and after opening
// 200 sessions).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { fetchWithOwnSignal } from '../src/downstream/create-transport.js';
import type { Bench, BenchResult } from './lib.js';
import {
  CLIENT_INFO,
  ECHO_FIXTURE,
  GATEWAY_BIN,
  GATEWAY_SETTLE_MS,
  REQUEST_TIMEOUT_MS,
  ROOT,
  assertGatewayBuilt,
  createSandbox,
  firstText,
  ms,
  round,
  summarize,
  target,
  targetLine,
} from './lib.js';

const HTTP_FIXTURE = join(ROOT, 'test', 'fixtures', 'http-server.mjs');
const TOKEN = 'bench-token-0123456789abcdef';
const FIXTURE_TOKEN = 'bench-fixture-token';
const ROUNDS = 1000;
const WARMUP = 100;
const SESSIONS = 50;
const CALLS_PER_SESSION = 100;
const MEMORY_SESSIONS = 200;
export const TARGET_BYTES_PER_SESSION = 250 * 1024;

function waitForLine(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
  what: string,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no ready line within 15 s: ${text}`)), 15_000);
    child[stream]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${text}`)));
  });
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
      fetch: fetchWithOwnSignal,
    }),
    { timeout: REQUEST_TIMEOUT_MS },
  );
  return client;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/\d+/.exec(line ?? '')?.[0] ?? Number.NaN) * 1024;
}

async function timedCall(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  expect: (text: string | undefined) => boolean,
): Promise<number> {
  const t0 = performance.now();
  const result = await client.callTool({ name, arguments: args }, { timeout: REQUEST_TIMEOUT_MS });
  const elapsed = performance.now() - t0;
  if (!expect(firstText(result)))
    throw new Error(`unexpected result of ${name}: ${JSON.stringify(result).slice(0, 300)}`);
  return elapsed;
}

export const httpService: Bench = {
  name: 'http-service',
  title: `HTTP service: invoke p50/p99 at 1 and ${SESSIONS} sessions, throughput, hop overhead vs a direct HTTP call, memory per session`,
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const fixture = spawn(process.execPath, [HTTP_FIXTURE], {
      env: { ...process.env, FIXTURE_TOKEN },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const clients: Client[] = [];
    let gateway: ChildProcess | undefined;
    let sandbox: ReturnType<typeof createSandbox> | undefined;
    try {
      const port = Number((await waitForLine(fixture, 'stdout', /listening (\d+)/, 'http fixture'))[1]);
      const remoteUrl = `http://127.0.0.1:${port}/mcp`;
      sandbox = createSandbox('http', {});
      const mcpServers = {
        echo: { command: process.execPath, args: [ECHO_FIXTURE] },
        remote: { type: 'http', url: remoteUrl, headers: { Authorization: `Bearer ${FIXTURE_TOKEN}` } },
      };
      writeFileSync(join(sandbox.cwd, '.mcp.json'), JSON.stringify({ mcpServers }));
      gateway = spawn(process.execPath, [GATEWAY_BIN, 'serve', '--http', '--port', '0'], {
        cwd: sandbox.cwd,
        env: { ...sandbox.env, TOOLGATE_AUTH_TOKEN: TOKEN },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const url = (await waitForLine(gateway, 'stderr', /serving MCP at (\S+)/, 'gateway'))[1]!;

      // Hop overhead: the same remote tool, directly and through toolgate, alternating every round.
      const direct = await connect(remoteUrl, FIXTURE_TOKEN);
      const via = await connect(url, TOKEN);
      clients.push(direct, via);

      // Memory first, on a gateway that has served one session and finished its one-time loads, before
      // the load phases below leave free heap behind that new sessions would fill without RSS moving.
      await timedCall(
        via,
        'gateway_invoke',
        { tool_id: 'echo::echo', arguments: { text: 'settle' } },
        (got) => got === 'settle',
      );
      await new Promise((resolve) => setTimeout(resolve, GATEWAY_SETTLE_MS));
      const before = rssBytes(gateway.pid!);
      const extra = await Promise.all(
        Array.from({ length: MEMORY_SESSIONS }, async () => {
          const client = await connect(url, TOKEN);
          await client.listTools();
          return client;
        }),
      );
      clients.push(...extra);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const after = rssBytes(gateway.pid!);
      const perSession = (after - before) / MEMORY_SESSIONS;
      const directCall = () => timedCall(direct, 'whoami', {}, (text) => Boolean(text?.startsWith('remote ok')));
      const viaCall = () =>
        timedCall(via, 'gateway_invoke', { tool_id: 'remote::whoami', arguments: {} }, (text) =>
          Boolean(text?.startsWith('remote ok')),
        );
      for (let i = 0; i < WARMUP; i++) await Promise.all([directCall(), viaCall()]);
      const directTimes: number[] = [];
      const viaTimes: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        if (i % 2 === 0) {
          directTimes.push(await directCall());
          viaTimes.push(await viaCall());
        } else {
          viaTimes.push(await viaCall());
          directTimes.push(await directCall());
        }
      }
      const directStats = summarize(directTimes);
      const viaStats = summarize(viaTimes);

      // One session, trivial stdio tool behind the HTTP face.
      const echo = (client: Client, text: string) =>
        timedCall(client, 'gateway_invoke', { tool_id: 'echo::echo', arguments: { text } }, (got) => got === text);
      for (let i = 0; i < WARMUP; i++) await echo(via, `w${i}`);
      const single: number[] = [];
      for (let i = 0; i < ROUNDS; i++) single.push(await echo(via, `s${i}`));
      const singleStats = summarize(single);

      // Fifty sessions at once.
      const many = await Promise.all(Array.from({ length: SESSIONS }, () => connect(url, TOKEN)));
      clients.push(...many);
      const concurrent: number[] = [];
      const t0 = performance.now();
      await Promise.all(
        many.map(async (client, s) => {
          for (let i = 0; i < CALLS_PER_SESSION; i++) concurrent.push(await echo(client, `c${s}-${i}`));
        }),
      );
      const wallMs = performance.now() - t0;
      const concurrentStats = summarize(concurrent);
      const throughput = (SESSIONS * CALLS_PER_SESSION) / (wallMs / 1000);

      // Memory per session: settle, measure, open more sessions (initialize + tools/list), settle, measure.

      const targets = [
        target('memory per extra HTTP session', perSession / 1024, TARGET_BYTES_PER_SESSION / 1024, 'KB'),
      ];
      console.log(`  direct HTTP call      p50 ${ms(directStats.p50)}  p99 ${ms(directStats.p99)}`);
      console.log(
        `  through toolgate HTTP p50 ${ms(viaStats.p50)}  p99 ${ms(viaStats.p99)}  (overhead p50 ${ms(viaStats.p50 - directStats.p50)}, ratio ${(viaStats.p50 / directStats.p50).toFixed(2)}x)`,
      );
      console.log(`  1 session  echo invoke p50 ${ms(singleStats.p50)}  p99 ${ms(singleStats.p99)}`);
      console.log(
        `  ${SESSIONS} sessions echo invoke p50 ${ms(concurrentStats.p50)}  p99 ${ms(concurrentStats.p99)}  throughput ${throughput.toFixed(0)} calls/s`,
      );
      console.log(
        `  gateway RSS ${(before / 1048576).toFixed(1)} MB with 2 sessions; +${MEMORY_SESSIONS} sessions (initialize + tools/list each) -> ${(after / 1048576).toFixed(1)} MB`,
      );
      for (const t of targets) console.log(targetLine(t));
      return {
        name: 'http-service',
        metrics: {
          direct_http_p50_ms: round(directStats.p50),
          via_toolgate_http_p50_ms: round(viaStats.p50),
          http_hop_overhead_p50_ms: round(viaStats.p50 - directStats.p50),
          single_session_p50_ms: round(singleStats.p50),
          single_session_p99_ms: round(singleStats.p99),
          sessions_50_p50_ms: round(concurrentStats.p50),
          sessions_50_p99_ms: round(concurrentStats.p99),
          sessions_50_calls_per_s: round(throughput, 0),
          rss_mb: round(before / 1048576, 1),
          kb_per_session: round(perSession / 1024, 1),
        },
        targets,
      };
    } finally {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      gateway?.kill('SIGTERM');
      fixture.stdin?.end();
      fixture.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      sandbox?.dispose();
    }
  },
};
