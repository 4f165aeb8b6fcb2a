// An HTTP server entry that cannot be reached: the error names the URL and the network reason, not command and args.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from '../support/gateway-process.js';
import { closedPort } from '../support/closed-port.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string };
}

describe('an HTTP server nobody listens for', () => {
  let gw: GatewayProcess;
  let url: string;
  beforeAll(async () => {
    url = `http://127.0.0.1:${await closedPort()}/mcp`;
    gw = await startGateway({ servers: { remote: { url } } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('is reported with its URL, the network error and what it means, and a hint about the url', async () => {
    const result = await gw.call('gateway_describe', { tool_id: 'remote::anything' });
    const error = (result.structuredContent as unknown as ErrorAnswer).error;
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain(url);
    expect(error.message).toContain('ECONNREFUSED, nothing is listening there');
    expect(error.message).not.toContain('fetch failed');
    expect(error.hint).toContain(`server at ${url}`);
    expect(error.hint).not.toMatch(/command|args/);
  });
});
