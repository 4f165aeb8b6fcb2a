// Shared helpers for the benchmarks: paths, isolated sandboxes (temp HOME, TOOLGATE_HOME and a
// working directory holding a .mcp.json), MCP clients over stdio, statistics and report lines.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GATEWAY_BIN = join(ROOT, 'dist', 'toolgate.js');
export const ECHO_FIXTURE = join(ROOT, 'test', 'fixtures', 'echo-server.mjs');
export const MANY_FIXTURE = join(ROOT, 'test', 'fixtures', 'many-tools-server.mjs');

/** Any clientInfo name other than claude-code gets the underscore meta-tool names. */
export const CLIENT_INFO = { name: 'toolgate-bench', version: '0.1.0' } as const;

/** Per-request timeout, so that a stuck child cannot hang the suite. */
export const REQUEST_TIMEOUT_MS = 15_000;
/**
 * A gateway does some work once, soon after start: it indexes the manifest snapshot (0.3 s after start)
 * and loads the tokenizer (2 s after its first answer). Benchmarks of steady-state memory wait this long
 * after their warm-up so that these one-time loads are not counted as growth.
 */
export const GATEWAY_SETTLE_MS = 3_000;

// ---------------------------------------------------------------------------
// Results

export interface TargetResult {
  /** What is compared, e.g. "p50 overhead". */
  metric: string;
  actual: number;
  limit: number;
  unit: string;
  pass: boolean;
  /** Higher is better: pass when actual >= limit. */
  atLeast?: boolean;
}

export interface BenchResult {
  name: string;
  /** Flat numbers for the JSON summary (ms, tokens, ratios). */
  metrics: Record<string, number>;
  targets: TargetResult[];
}

export interface Bench {
  name: string;
  title: string;
  run(): Promise<BenchResult>;
}

/** A "lower is better" target: pass when actual <= limit. */
export function target(metric: string, actual: number, limit: number, unit: string): TargetResult {
  return { metric, actual, limit, unit, pass: Number.isFinite(actual) && actual <= limit };
}

/** A "higher is better" target: pass when actual >= limit (recall, MRR, ratios). */
export function targetAtLeast(metric: string, actual: number, limit: number, unit: string): TargetResult {
  return { metric, actual, limit, unit, pass: Number.isFinite(actual) && actual >= limit, atLeast: true };
}

export function targetLine(t: TargetResult): string {
  const digits = t.unit === 'ms' || t.unit === 'score' ? 3 : 0;
  const verdict = t.pass ? 'PASS' : 'MISS';
  return `  ${verdict}  ${t.metric}: ${t.actual.toFixed(digits)} ${t.unit} (target ${t.atLeast ? '>=' : '<='} ${t.limit} ${t.unit})`;
}

// ---------------------------------------------------------------------------
// Statistics

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const i = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[i] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, x) => acc + x, 0);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export function ms(x: number, digits = 3): string {
  return `${x.toFixed(digits)} ms`;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------
// Temp dirs and sandboxes

const liveDirs = new Set<string>();

// Last resort: a crash or a watchdog exit still removes what we created.
process.on('exit', () => {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `toolgate-bench-${label}-`));
  liveDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

export interface ServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface Sandbox {
  root: string;
  /** Fake HOME, so the user's own ~/.mcp.json is not read. */
  home: string;
  toolgateHome: string;
  /** The gateway's working directory; holds the .mcp.json. */
  cwd: string;
  /** Fixtures write <name>-<pid>.pid here on start (FIXTURE_PID_DIR). */
  pidDir: string;
  /** Environment for the gateway process. */
  env: Record<string, string>;
  /** How many downstream fixture processes have started so far. */
  spawnedDownstreams(): number;
  dispose(): void;
}

export function createSandbox(label: string, servers: Record<string, ServerEntry>): Sandbox {
  const root = makeTempDir(label);
  const home = join(root, 'home');
  const toolgateHome = join(root, 'toolgate-home');
  const cwd = join(root, 'project');
  const pidDir = join(root, 'pids');
  for (const dir of [home, toolgateHome, cwd, pidDir]) mkdirSync(dir, { recursive: true });
  const mcpServers: Record<string, ServerEntry> = {};
  for (const [name, entry] of Object.entries(servers)) {
    mcpServers[name] = { ...entry, env: { ...entry.env, FIXTURE_PID_DIR: pidDir } };
  }
  writeFileSync(join(cwd, '.mcp.json'), `${JSON.stringify({ mcpServers }, null, 2)}\n`);
  const env: Record<string, string> = { ...getDefaultEnvironment(), HOME: home, TOOLGATE_HOME: toolgateHome };
  return {
    root,
    home,
    toolgateHome,
    cwd,
    pidDir,
    env,
    spawnedDownstreams: () => (existsSync(pidDir) ? readdirSync(pidDir).filter((f) => f.endsWith('.pid')).length : 0),
    dispose: () => removeTempDir(root),
  };
}

export function assertGatewayBuilt(): void {
  if (!existsSync(GATEWAY_BIN)) {
    throw new Error(`${GATEWAY_BIN} not found: build it first (node scripts/build.mjs, or use npm run bench)`);
  }
}

// ---------------------------------------------------------------------------
// MCP clients over stdio

export interface StdioPeer {
  client: Client;
  transport: StdioClientTransport;
  /** The last few KB the child wrote to stderr (for error reports). */
  stderrTail(): string;
  /** Close the client (ends the child's stdin; the SDK escalates to SIGTERM/SIGKILL after 2 s). Returns ms taken. */
  close(): Promise<number>;
}

/** Build a client and a transport for a child process, not yet connected (connect() spawns it). */
export function prepareStdio(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): StdioPeer {
  const transport = new StdioClientTransport({
    command,
    args,
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? getDefaultEnvironment(),
    stderr: 'pipe',
  });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer | string) => {
    tail = (tail + chunk.toString()).slice(-4096);
  });
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let closed = false;
  return {
    client,
    transport,
    stderrTail: () => tail,
    close: async () => {
      if (closed) return 0;
      closed = true;
      const t0 = performance.now();
      try {
        await client.close();
      } catch {
        // already gone
      }
      return performance.now() - t0;
    },
  };
}

/** `nodeFlags`: e.g. `--expose-gc`, which opens the control socket's POST /debug/gc (see bench/load.ts). */
export function gatewayPeer(sandbox: Sandbox, nodeFlags: string[] = []): StdioPeer {
  return prepareStdio(process.execPath, [...nodeFlags, GATEWAY_BIN], { cwd: sandbox.cwd, env: sandbox.env });
}

export function fixturePeer(script: string): StdioPeer {
  return prepareStdio(process.execPath, [script], { cwd: ROOT });
}

/** Rethrow an error with the child's stderr tail attached. */
export function withStderr(err: unknown, peer: StdioPeer, what: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  const tail = peer.stderrTail().trim();
  return new Error(`${what}: ${message}${tail ? `\n--- stderr tail ---\n${tail}` : ''}`);
}

/** Close every peer, ignoring failures. */
export async function closeAll(peers: Iterable<StdioPeer | undefined>): Promise<void> {
  await Promise.all([...peers].map((p) => (p ? p.close() : Promise.resolve(0))));
}

/** The text of the first text block of a tool result, or undefined. */
export function firstText(result: unknown): string | undefined {
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content)) return undefined;
  const block = content[0] as { type?: unknown; text?: unknown } | undefined;
  return block && block.type === 'text' && typeof block.text === 'string' ? block.text : undefined;
}
