// F5: a credential that reaches a server through `${VAR}` in its args or url is a known secret like one in
// env or headers: it is redacted in call errors, the log and gateway_submit_feedback's issue URL.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, startGateway, waitFor, type GatewayProcess, type Sandbox } from '../support/gateway-process.js';

const API_TOKEN = 'f5-api-token-3c9e71ab42';
/** Not named like a credential: a secret because it is interpolated into args. */
const SIGNED_LINK = 'f5-signed-link-d41f8e0b77';

/** A server that refuses its credential and says which one it got, as real ones do. */
const REFUSE_ARGS = "process.stderr.write('invalid token ' + process.argv.slice(1).join(' ') + '\\n'); process.exit(1)";

function logText(sandbox: Sandbox): string {
  const file = path.join(sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

describe('F5: credentials interpolated into args and url', () => {
  let sandbox: Sandbox;
  let gw: GatewayProcess;
  let echoing: http.Server;

  beforeAll(async () => {
    // An HTTP endpoint that answers every request with an error quoting the URL it was asked for.
    echoing = http.createServer((request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`no such endpoint: ${request.url}`);
    });
    await new Promise<void>((resolve) => echoing.listen(0, '127.0.0.1', resolve));
    const port = (echoing.address() as AddressInfo).port;
    sandbox = createSandbox();
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
    const servers = {
      mcpServers: {
        argsy: {
          command: process.execPath,
          args: ['-e', REFUSE_ARGS, '--', '--token', '${API_TOKEN}', '--link', '${SIGNED_LINK}', '--home', '${HOME}'],
        },
        remote: { url: `http://127.0.0.1:${port}/t/\${API_TOKEN}/mcp` },
      },
    };
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify(servers), { mode: 0o600 });
    gw = await startGateway({ sandbox, env: { API_TOKEN, SIGNED_LINK } });
  });
  afterAll(async () => {
    await gw?.close();
    sandbox?.remove();
    await new Promise((resolve) => echoing?.close(resolve));
  });

  /** The failed call's whole answer, after checking it failed and quotes the server's complaint. */
  async function failedCall(toolId: string, complaint: string): Promise<string> {
    const result = await gw.call('gateway_invoke', { tool_id: toolId });
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result);
    expect(text).toContain(complaint);
    return text;
  }

  it('redacts a credential from args in the call error, and leaves a ${HOME} path readable', async () => {
    const text = await failedCall('argsy::anything', 'invalid token');
    expect(text).not.toContain(API_TOKEN);
    expect(text).not.toContain(SIGNED_LINK);
    expect(text).toContain(sandbox.home);
  });

  it('redacts a credential from the url in the call error', async () => {
    expect(await failedCall('remote::anything', 'no such endpoint')).not.toContain(API_TOKEN);
  });

  it('keeps both credentials out of the log', async () => {
    expect(await waitFor(() => logText(sandbox).includes('invalid token'), 20_000)).toBe(true);
    expect(await waitFor(() => logText(sandbox).includes('no such endpoint'), 20_000)).toBe(true);
    expect(logText(sandbox)).not.toContain(API_TOKEN);
    expect(logText(sandbox)).not.toContain(SIGNED_LINK);
  });

  it('keeps both credentials out of the submit_feedback issue URL', async () => {
    const answer = await gw.json<{ url: string }>('gateway_submit_feedback', {
      summary: 'servers fail to start',
      confirm: true,
    });
    const url = decodeURIComponent(answer.url.replace(/\+/g, ' '));
    expect(url).toContain('invalid token');
    expect(url).not.toContain(API_TOKEN);
    expect(url).not.toContain(SIGNED_LINK);
  });
});
