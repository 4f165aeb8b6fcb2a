// Remote downstream servers: Streamable HTTP and legacy SSE, with header templates, on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';

describe('remote downstream servers', () => {
  let remote: ChildProcess;
  let port: number;
  let gw: GatewayProcess;

  beforeAll(async () => {
    remote = spawn(process.execPath, [path.join(ROOT, 'test/fixtures/http-server.mjs')], {
      env: { ...process.env, FIXTURE_TOKEN: 'loopback-secret-token' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    port = await new Promise<number>((resolve, reject) => {
      remote.stdout?.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      remote.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    gw = await startGateway({
      env: { REMOTE_TOKEN: 'loopback-secret-token' },
      servers: {
        streamable: {
          type: 'http',
          url: `http://127.0.0.1:${port}/mcp`,
          headers: { Authorization: 'Bearer ${REMOTE_TOKEN}', 'X-Fixture-Transport': 'streamable' },
        },
        legacy: {
          type: 'sse',
          url: `http://127.0.0.1:${port}/sse`,
          headers: { Authorization: 'Bearer ${REMOTE_TOKEN}', 'X-Fixture-Transport': 'sse' },
        },
        unauthorized: { type: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: { Authorization: 'Bearer wrong' } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    remote?.kill();
  });

  it('calls a Streamable HTTP server with interpolated headers', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'streamable::whoami', arguments: { note: 'hi' } });
    expect(textOf(result)).toBe('remote ok via streamable: hi');
  });

  it('calls a legacy SSE server with its headers on both the stream and the posts', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'legacy::whoami' });
    expect(textOf(result)).toBe('remote ok via sse');
  });

  it('makes many calls to a Streamable HTTP server without piling up abort listeners', async () => {
    for (let round = 0; round < 1500; round++) {
      const result = await gw.call('gateway_invoke', {
        tool_id: 'streamable::whoami',
        arguments: { note: String(round) },
      });
      expect(textOf(result)).toBe(`remote ok via streamable: ${round}`);
    }
    expect(gw.stderr()).not.toContain('MaxListenersExceeded');
  });

  it('reports a remote server that refuses the credentials as unavailable, without the token', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'unauthorized::whoami' });
    const error = (result.structuredContent as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(JSON.stringify(result)).not.toContain('loopback-secret-token');
  });
});
