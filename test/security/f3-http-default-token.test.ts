// F3: `serve --http` on loopback with no token configured could be driven by any local account.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkHttpService } from '../../src/doctor/checks/http-service.js';
import { runCliJson } from '../cli/run-cli.js';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import { startHttpGateway } from '../support/http-gateway.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'other-account', version: '1' } },
});
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.remove());

const tokenFile = () => path.join(sandbox.toolgateHome, 'http-token');

describe('F3: the default loopback HTTP service needs a token', () => {
  it('refuses a tokenless client with 401 and says where the token is; the generated token is 0600 and kept across restarts', async () => {
    const first = await startHttpGateway({ sandbox, token: null });
    let token: string;
    try {
      const refused = await fetch(first.url, { method: 'POST', headers: HEADERS, body: INITIALIZE });
      expect(refused.status).toBe(401);
      const body = (await refused.json()) as { error: { message: string } };
      expect(body.error.message).toContain(tokenFile());
      for (const route of ['/status', '/sse']) expect((await fetch(new URL(route, first.url))).status).toBe(401);
      expect(fs.statSync(tokenFile()).mode & 0o777).toBe(0o600);
      token = fs.readFileSync(tokenFile(), 'utf8').trim();
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(first.stderr()).toContain(tokenFile());
      const accepted = await fetch(first.url, {
        method: 'POST',
        headers: { ...HEADERS, authorization: `Bearer ${token}` },
        body: INITIALIZE,
      });
      expect(accepted.status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await startHttpGateway({ sandbox, token: null });
    try {
      expect(fs.readFileSync(tokenFile(), 'utf8').trim()).toBe(token);
      const client = await second.connect({ token });
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  });

  it('refuses to use a token file others can read', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(tokenFile(), 'x'.repeat(40), { mode: 0o644 });
    fs.chmodSync(tokenFile(), 0o644);
    const started = startHttpGateway({ sandbox, token: null }).then(async (gateway) => gateway.stop());
    await expect(started).rejects.toThrow(/mode 600/);
  });

  it('setup --mode http writes the generated token as an Authorization header into a private client file', async () => {
    const file = path.join(sandbox.home, '.claude.json');
    fs.writeFileSync(file, '{ "numStartups": 1 }\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const { json } = await runCliJson<{ entry: Record<string, unknown> }>(sandbox, [
      'setup',
      '--client',
      'claude',
      '--mode',
      'http',
      '--write',
    ]);
    const token = fs.readFileSync(tokenFile(), 'utf8').trim();
    expect(fs.statSync(tokenFile()).mode & 0o777).toBe(0o600);
    expect(json.entry).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:3344/mcp',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(
      (JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers: Record<string, unknown> }).mcpServers.toolgate,
    ).toEqual(json.entry);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Codex spells a literal header as http_headers.
    const codex = await runCliJson<{ entry: Record<string, unknown> }>(sandbox, [
      'setup',
      '--client',
      'codex',
      '--mode',
      'http',
    ]);
    expect(codex.json.entry).toEqual({
      url: 'http://127.0.0.1:3344/mcp',
      http_headers: { Authorization: `Bearer ${token}` },
    });
  });

  it('the explicit opt-out warns loudly, and doctor flags the tokenless service', async () => {
    const service = await startHttpGateway({ sandbox, token: null, args: ['--unsafe-no-token'] });
    try {
      expect(service.stderr()).toMatch(/WARNING.*any local account/i);
      expect((await fetch(service.url, { method: 'POST', headers: HEADERS, body: INITIALIZE })).status).toBe(200);
      // The check doctor runs on the service the lock note names (a long probe timeout: the machine may be loaded).
      expect(await checkHttpService({}, 10_000, service.url)).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/without a token/) as unknown as string,
      });
    } finally {
      await service.stop();
    }
  });
});
