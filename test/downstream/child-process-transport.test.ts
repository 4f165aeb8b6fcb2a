import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChildProcessTransport,
  type ChildProcessTransportOptions,
} from '../../src/downstream/child-process-transport.js';
import { GatewayError } from '../../src/errors/index.js';
import { EVENT_WAIT_FLOOR_MS } from '../support/gateway-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

const transports: ChildProcessTransport[] = [];
const clients: Client[] = [];
const pids = new Set<number>();
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
  // Anything the test started that is still around (a failed assertion midway) is killed by its pid.
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  pids.clear();
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

function createTransport(
  options: Partial<ChildProcessTransportOptions> & Pick<ChildProcessTransportOptions, 'command' | 'args'>,
): ChildProcessTransport {
  const transport = new ChildProcessTransport({ env: ENV, cwd: ROOT, ...options });
  transports.push(transport);
  return transport;
}

async function connectFixture(
  fixture: string,
  options: Partial<ChildProcessTransportOptions> = {},
): Promise<{ client: Client; transport: ChildProcessTransport }> {
  const transport = createTransport({ command: 'node', args: [path.join(FIXTURES, fixture)], ...options });
  const client = new Client({ name: 'toolgate-test', version: '0.0.0' });
  clients.push(client);
  await client.connect(transport);
  if (transport.pid !== undefined) pids.add(transport.pid);
  return { client, transport };
}

/**
 * Liveness by `kill(pid, 0)`. A killed grandchild is reparented, and if nothing reaps it, it lingers as a
 * zombie that `kill(pid, 0)` still reports; a zombie runs no code, so it counts as gone.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  // A loaded machine can take many seconds for an exit: wait at least as long as the shared event wait.
  const waitMs = Math.max(timeoutMs, EVENT_WAIT_FLOOR_MS);
  const deadline = Date.now() + waitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${waitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((block) => block.text ?? '').join('');
}

describe('ChildProcessTransport', () => {
  it('runs a real MCP server: connects, calls a tool, and leaves no process after close', async () => {
    const { client, transport } = await connectFixture('echo-server.mjs');
    const pid = transport.pid;
    expect(pid).toBeTypeOf('number');
    expect(isAlive(pid!)).toBe(true);

    const result = await client.callTool({ name: 'echo', arguments: { text: 'hello through stdio' } });
    expect(textOf(result)).toBe('hello through stdio');

    await client.close();
    await waitFor(() => !isAlive(pid!), 15_000, 'the echo server to exit');
    // Closing stdin is enough for a well-behaved server: it exits 0 without a signal.
    expect(transport.exit).toEqual({ code: 0, signal: null });
  });

  it('kills the whole process tree of a child that ignores stdin EOF and SIGTERM', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-tree-'));
    dirs.push(dir);
    const grandchildFile = path.join(dir, 'grandchild.pid');
    const script = [`trap '' TERM`, `sleep 300 &`, `echo $! > "${grandchildFile}"`, `while :; do sleep 1; done`].join(
      '\n',
    );
    const transport = createTransport({ command: 'sh', args: ['-c', script], closeGraceMs: 300 });
    await transport.start();
    const childPid = transport.pid!;
    pids.add(childPid);
    await waitFor(
      async () => (await fs.readFile(grandchildFile, 'utf8').catch(() => '')).endsWith('\n'),
      5_000,
      'the grandchild pid file',
    );
    const grandchildPid = Number((await fs.readFile(grandchildFile, 'utf8')).trim());
    pids.add(grandchildPid);
    expect(isAlive(childPid)).toBe(true);
    expect(isAlive(grandchildPid)).toBe(true);

    await transport.close();
    await waitFor(
      () => !isAlive(childPid) && !isAlive(grandchildPid),
      15_000,
      'the child and the grandchild to be gone',
    );
    // It ignored SIGTERM: what ended it was the escalation to SIGKILL after the grace period.
    expect(transport.exit?.signal).toBe('SIGKILL');
  });

  it('closes once however often close() is called, and refuses to send afterwards', async () => {
    const { transport } = await connectFixture('echo-server.mjs');
    const first = transport.close();
    expect(transport.close()).toBe(first);
    await first;
    await expect(transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toMatchObject({
      code: 'DOWNSTREAM_UNAVAILABLE',
    });
  });

  it('rejects start() with DOWNSTREAM_UNAVAILABLE naming a command that does not exist', async () => {
    const command = 'toolgate-test-no-such-command-7f3a';
    const transport = createTransport({ command, args: [] });
    const error = await transport.start().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect((error as GatewayError).message).toContain(command);
    expect((error as GatewayError).hint).toBeTruthy();
    expect((error as GatewayError).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the stderr of a server that dies at once, and its exit code', async () => {
    const lines: string[] = [];
    const transport = createTransport({
      command: 'node',
      args: [path.join(FIXTURES, 'exit-at-once.mjs')],
      onStderrLine: (line) => lines.push(line),
    });
    const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
    await transport.start();
    if (transport.pid !== undefined) pids.add(transport.pid);
    await closed;
    expect(transport.exit).toEqual({ code: 1, signal: null });
    expect(transport.recentStderr).toEqual(['fatal: missing config']);
    expect(lines).toEqual(['fatal: missing config']);
  });

  it('skips lines on stdout that are not JSON-RPC and keeps the connection working', async () => {
    const garbage: string[] = [];
    const { client } = await connectFixture('garbage-server.mjs', { onGarbageLine: (reason) => garbage.push(reason) });
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toEqual(['ping']);
    for (let i = 0; i < 3; i++) expect(textOf(await client.callTool({ name: 'ping', arguments: {} }))).toBe('pong');
    expect(garbage.length).toBeGreaterThanOrEqual(4);
  });

  it('gives the child only the environment it was handed, plus the marker of its process tree', async () => {
    const transport = createTransport({
      command: 'node',
      args: ['-e', 'process.stderr.write(JSON.stringify(Object.keys(process.env).sort()) + "\\n")'],
      env: { ...ENV, TOOLGATE_TEST_VAR: 'yes' },
    });
    const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
    await transport.start();
    await closed;
    const keys = JSON.parse(transport.recentStderr[0] ?? '[]') as string[];
    expect(keys).toContain('TOOLGATE_TEST_VAR');
    expect(keys).toContain('PATH');
    // TOOLGATE_TREE_<token>: how every process the server starts is found and stopped with it (process-tree.ts).
    expect(keys.filter((key) => key.startsWith('TOOLGATE_TREE_'))).toHaveLength(1);
    expect(
      keys.filter(
        (key) =>
          key !== 'PATH' && key !== 'TOOLGATE_TEST_VAR' && !key.startsWith('__CF') && !key.startsWith('TOOLGATE_TREE_'),
      ),
    ).toEqual([]);
  });
});

// Sanity check of the helper on a process the test reaps itself.
describe('isAlive (test helper)', () => {
  it('reports a process that has exited as gone', () => {
    const child = spawnSync('true');
    expect(child.pid).toBeGreaterThan(0);
    expect(isAlive(child.pid!)).toBe(false);
    expect(isAlive(process.pid)).toBe(true);
  });
});
