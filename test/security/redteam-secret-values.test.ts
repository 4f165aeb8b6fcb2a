// Red-team re-check of F1: a value auth_connect stores must be one a process environment can hold. A NUL byte in it
// broke the server for good (every start failed, across restarts) and echoed the raw value in the error, the log and the answer.
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { createSandbox, fixture, startGateway, textOf } from '../support/gateway-process.js';
import { writeUserServers } from '../support/user-servers.js';

describe('red team, F1: the value auth_connect stores', () => {
  it('refuses a value with a NUL byte, stores nothing, and the server keeps answering', async () => {
    const sandbox = createSandbox();
    writeUserServers(sandbox, { echo: fixture('echo-server.mjs', { ECHO_TOKEN: '${ECHO_TOKEN:-none}' }) });
    const gw = await startGateway({ sandbox });
    try {
      const result: CallToolResult = await gw.call('gateway_auth_connect', {
        server: 'echo',
        name: 'ECHO_TOKEN',
        value: 'tg-nul-token-4242\u0000x',
      });
      expect(result.isError).toBe(true);
      expect((result.structuredContent as { error: { code: string } }).error.code).toBe('INVALID_ARGUMENTS');
      expect(JSON.stringify(result)).not.toContain('tg-nul-token-4242');
      expect(fs.existsSync(path.join(sandbox.toolgateHome, 'secrets.json'))).toBe(false);
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text: 'alive' } }))).toBe(
        'alive',
      );
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });
});
