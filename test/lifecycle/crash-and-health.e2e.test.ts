// Crash recovery, health pings, idle shutdown and remote session expiry, through a real gateway subprocess.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  createSandbox,
  fixture,
  fixtureStarts,
  startGateway,
  textOf,
  type GatewayProcess,
} from '../support/gateway-process.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string };
}
interface Health {
  servers: {
    name: string;
    state: string;
    pid?: number;
    last_error?: { message: string; exitCode?: number; stderr?: string[]; failures?: number; nextRetryAt?: string };
  }[];
}

const errorOf = (result: { structuredContent?: unknown }) => (result.structuredContent as unknown as ErrorAnswer).error;
const serverIn = async (gw: GatewayProcess, name: string) =>
  (await gw.json<Health>('gateway_health')).servers.find((s) => s.name === name);

describe('crash recovery', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    const sandbox = createSandbox();
    const markers = path.join(sandbox.root, 'markers');
    fs.mkdirSync(markers);
    gw = await startGateway({
      sandbox,
      servers: {
        slow: fixture('slow-server.mjs'),
        flaky: fixture('hostile-server.mjs', { FIXTURE_NAME: 'flaky', FIXTURE_MARKER_DIR: markers }),
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('fails a call in flight at once when its server dies, with the exit code, and does not retry a tool with effects', async () => {
    await gw.call('gateway_invoke', { tool_id: 'slow::count' });
    // At once: the answer names the exit (a call left to its 60 s timeout would end as DOWNSTREAM_TIMEOUT).
    const result = await gw.call('gateway_invoke', { tool_id: 'slow::crash' });
    const error = errorOf(result);
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain('exited with code 3 while slow::crash was running');
    expect(error.hint).toContain('not retried');
    expect(fixtureStarts(gw.sandbox, 'slow')).toBe(1);
  });

  it('shows the failure in health with the exit code and the next retry time, then restarts on next use', async () => {
    const slow = await serverIn(gw, 'slow');
    expect(slow?.state).toBe('failed');
    expect(slow?.last_error?.exitCode).toBe(3);
    expect(slow?.last_error?.failures).toBe(1);
    expect(Date.parse(slow?.last_error?.nextRetryAt ?? '')).toBeGreaterThan(0);
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'slow::count' }))).toBe('count 1');
    expect(fixtureStarts(gw.sandbox, 'slow')).toBe(2);
    expect((await serverIn(gw, 'slow'))?.state).toBe('ready');
  });

  it('retries a read-only tool once on a fresh server when the server died under it', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'flaky::crash_once' });
    expect(textOf(result)).toBe('survived');
    expect(fixtureStarts(gw.sandbox, 'flaky')).toBe(2);
  });
});

describe('health pings and idle shutdown', () => {
  it('marks a server that stops answering pings as failed and restarts it on next use, while others keep working', async () => {
    const gw = await startGateway({
      servers: { stuck: fixture('hostile-server.mjs', { FIXTURE_NAME: 'stuck' }), fine: fixture('echo-server.mjs') },
      // A ping timeout a loaded machine cannot miss for the healthy server; the hung one never answers anyway.
      env: { TOOLGATE_PING_INTERVAL_MS: '300', TOOLGATE_PING_TIMEOUT_MS: '3000', TOOLGATE_IDLE_SHUTDOWN_MS: '0' },
    });
    try {
      const hung = await gw.call('gateway_invoke', { tool_id: 'stuck::hang', timeout_ms: 400 });
      expect(errorOf(hung).code).toBe('DOWNSTREAM_TIMEOUT');
      expect(
        textOf(await gw.call('gateway_invoke', { tool_id: 'fine::echo', arguments: { text: 'still fine' } })),
      ).toBe('still fine');
      await expect
        .poll(async () => (await serverIn(gw, 'stuck'))?.last_error?.message ?? '', { timeout: 20_000, interval: 200 })
        .toContain('did not answer a ping within 3000 ms');
      expect((await serverIn(gw, 'stuck'))?.state).toBe('failed');
      await expect
        .poll(
          async () => textOf(await gw.call('gateway_invoke', { tool_id: 'stuck::ok', arguments: { text: 'back' } })),
          { timeout: 20_000, interval: 300 },
        )
        .toBe('back');
      expect(fixtureStarts(gw.sandbox, 'stuck')).toBe(2);
    } finally {
      await gw.close();
    }
  });

  it('stops a server idle past its idle_shutdown_ms and starts it again on next use', async () => {
    // Long enough that the server is surely still up when the test looks right after the call.
    const gw = await startGateway({ servers: { sleepy: { ...fixture('echo-server.mjs'), idle_shutdown_ms: 3_000 } } });
    try {
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'sleepy::echo', arguments: { text: 'a' } }))).toBe('a');
      expect(gw.children()).toHaveLength(1);
      await expect.poll(() => gw.children().length, { timeout: 30_000, interval: 100 }).toBe(0);
      expect((await serverIn(gw, 'sleepy'))?.state).toBe('idle');
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'sleepy::echo', arguments: { text: 'b' } }))).toBe('b');
      expect(fixtureStarts(gw.sandbox, 'echo')).toBe(2);
    } finally {
      await gw.close();
    }
  });
});

describe('a remote server that forgets its session', () => {
  let remote: ChildProcess;
  let port: number;

  beforeAll(async () => {
    remote = spawn(process.execPath, [path.join(ROOT, 'test/fixtures/expiring-http-server.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    port = await new Promise<number>((resolve, reject) => {
      remote.stdout?.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      remote.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
  });
  afterAll(() => {
    remote?.kill();
  });

  it('answers HTTP 404 on the session id with a fresh initialize and the same call succeeds', async () => {
    const gw = await startGateway({ servers: { far: { type: 'http', url: `http://127.0.0.1:${port}/mcp` } } });
    try {
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'far::hello' }))).toBe('hello from session 1');
      const expired = await fetch(`http://127.0.0.1:${port}/expire`, { method: 'POST' });
      expect(expired.status).toBe(200);
      const result = await gw.call('gateway_invoke', { tool_id: 'far::hello' });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toBe('hello from session 2');
    } finally {
      await gw.close();
    }
  });
});
