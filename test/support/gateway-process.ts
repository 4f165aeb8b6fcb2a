// Starts the built toolgate as a real subprocess in an isolated home and drives it with the SDK Client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import type { CallToolResult, Progress } from '@modelcontextprotocol/client';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { contentHash } from '../../src/trust/trust-list.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLGATE_BIN = path.join(ROOT, 'dist', 'toolgate.js');

/** A config entry that runs one of test/fixtures/*.mjs with this Node. */
export function fixture(name: string, env: Record<string, string> = {}): Record<string, unknown> {
  return { command: process.execPath, args: [path.join(ROOT, 'test', 'fixtures', name)], env };
}

export function everythingServer(env: Record<string, string> = {}): Record<string, unknown> {
  return {
    command: process.execPath,
    args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
    env,
  };
}

export interface Sandbox {
  root: string;
  home: string;
  toolgateHome: string;
  project: string;
  pidDir: string;
  remove(): void;
}

export function createSandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-e2e-'));
  const home = path.join(root, 'home');
  const toolgateHome = path.join(home, '.toolgate');
  const project = path.join(root, 'project');
  const pidDir = path.join(root, 'pids');
  for (const dir of [home, project, pidDir]) fs.mkdirSync(dir, { recursive: true });
  return { root, home, toolgateHome, project, pidDir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export interface StartOptions {
  servers?: Record<string, unknown>;
  /** Written to TOOLGATE_HOME/policy.yaml. */
  policy?: string;
  env?: Record<string, string>;
  clientName?: string;
  args?: string[];
  sandbox?: Sandbox;
  /** Last chance to edit the server entries (e.g. paths inside the sandbox) before they are written. */
  rewrite?: (servers: Record<string, unknown>) => void;
}

export interface GatewayProcess {
  client: Client;
  pid: number;
  sandbox: Sandbox;
  stderr(): string;
  call(
    name: string,
    args?: Record<string, unknown>,
    onprogress?: (progress: Progress) => void,
    signal?: AbortSignal,
  ): Promise<CallToolResult>;
  /** Calls a meta-tool and returns its structuredContent. */
  json<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Direct children of the gateway process right now. */
  children(): number[];
  /** Closes the client (the gateway sees stdin close and exits); waits for the exit. */
  close(): Promise<void>;
}

export function gatewayEnv(sandbox: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: sandbox.home,
    TOOLGATE_HOME: sandbox.toolgateHome,
    TOOLGATE_LOG_LEVEL: 'debug',
    FIXTURE_PID_DIR: sandbox.pidDir,
    // A search waits for the servers it starts (their start takes seconds on a loaded machine); the tests of the
    // first search's own wait set it back.
    TOOLGATE_SEARCH_START_WAIT_MS: String(EVENT_WAIT_FLOOR_MS),
    ...extra,
  };
}

/** Writes the project .mcp.json; stdio entries get FIXTURE_PID_DIR so spawns can be counted. */
export function writeProjectConfig(sandbox: Sandbox, servers: Record<string, unknown>): void {
  const withPids = Object.fromEntries(
    Object.entries(servers).map(([name, entry]) => {
      const record = entry as { command?: string; env?: Record<string, string> };
      return [name, record.command ? { ...record, env: { FIXTURE_PID_DIR: sandbox.pidDir, ...record.env } } : entry];
    }),
  );
  const file = path.join(sandbox.project, '.mcp.json');
  const text = JSON.stringify({ mcpServers: withPids }, null, 2);
  fs.writeFileSync(file, text);
  trustProjectFile(sandbox, file, text);
}

/**
 * What `toolgate trust` records, written here directly (a CLI run per config write would slow every test):
 * a project's `.mcp.json` takes effect only once the user trusted that content.
 */
export function trustProjectFile(sandbox: Sandbox, file: string, text: string): void {
  const trustFile = path.join(sandbox.toolgateHome, 'trusted-projects.json');
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  const existing = fs.existsSync(trustFile)
    ? (JSON.parse(fs.readFileSync(trustFile, 'utf8')) as { trusted: { file: string }[] }).trusted
    : [];
  const record = { folder: sandbox.project, file, sha256: contentHash(text), trusted_at: new Date().toISOString() };
  fs.writeFileSync(
    trustFile,
    JSON.stringify({ version: 1, trusted: [...existing.filter((entry) => entry.file !== file), record] }),
    { mode: 0o600 },
  );
}

export async function startGateway(options: StartOptions = {}): Promise<GatewayProcess> {
  const sandbox = options.sandbox ?? createSandbox();
  if (options.servers) {
    const servers = structuredClone(options.servers);
    options.rewrite?.(servers);
    writeProjectConfig(sandbox, servers);
  }
  if (options.policy !== undefined) {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), options.policy);
  }
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [TOOLGATE_BIN, ...(options.args ?? [])],
    cwd: sandbox.project,
    env: gatewayEnv(sandbox, options.env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: options.clientName ?? 'toolgate-e2e', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('the gateway did not start');
  const call: GatewayProcess['call'] = (name, args = {}, onprogress, signal) =>
    client.callTool(
      { name, arguments: args },
      {
        ...(onprogress ? { onprogress } : {}),
        ...(signal ? { signal } : {}),
        // The answer is the event a test waits for, however long a loaded machine takes (the SDK would give up
        // after 60 s); vitest's testTimeout still fails a call that never answers.
        timeout: MAX_TIMER_MS,
      },
    ) as Promise<CallToolResult>;
  return {
    client,
    pid,
    sandbox,
    stderr: () => stderr,
    call,
    json: async <T>(name: string, args: Record<string, unknown> = {}) =>
      (await call(name, args)).structuredContent as T,
    children: () => childrenOf(pid),
    close: async () => {
      await client.close();
      await waitForExit(pid, 10_000);
      if (!options.sandbox) sandbox.remove();
    },
  };
}

/** Direct children of a process, from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0; it is dead for our purposes.
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/**
 * The least a wait for an event may last: a loaded 2-core machine can take many seconds for what takes
 * milliseconds when idle, and a wait returns as soon as its event happens, so a generous floor costs nothing
 * when things work. It stays under vitest's testTimeout, so a missing event still fails the test with its own
 * assertion.
 */
export const EVENT_WAIT_FLOOR_MS = 60_000;

/** Polls `predicate` until it holds (true) or at least `timeoutMs` (raised to EVENT_WAIT_FLOOR_MS) has passed (false). */
export async function waitFor(predicate: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + Math.max(timeoutMs, EVENT_WAIT_FLOOR_MS);
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return predicate();
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  if (await waitFor(() => !isAlive(pid), timeoutMs)) return;
  process.kill(pid, 'SIGKILL');
  throw new Error(`process ${pid} did not exit within ${timeoutMs} ms`);
}

/** Pid files the fixtures wrote, for one server name. */
export function fixtureStarts(sandbox: Sandbox, server: string): number {
  return fs.readdirSync(sandbox.pidDir).filter((file) => file.startsWith(`${server}-`)).length;
}

export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
