// Policy `provisioning: auto`: invoking a tool of an uninstalled manifest server installs it first.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startGateway, textOf } from '../support/gateway-process.js';
import { npmTestEnv, WARM_TIMEOUT_MS, warmNpmCache } from '../support/npm-cache.js';

const PROVISION_TIMEOUT_MS = 120_000;

describe('policy provisioning: auto', () => {
  beforeAll(() => warmNpmCache('@modelcontextprotocol/server-memory@2026.8.31'), WARM_TIMEOUT_MS + 10_000);

  it('provisions an uninstalled manifest server on first invoke when no credential is missing', async () => {
    const gw = await startGateway({ env: npmTestEnv(), policy: 'provisioning: auto\n' });
    try {
      const result = await gw.client.callTool(
        { name: 'gateway_invoke', arguments: { tool_id: 'memory::read_graph', arguments: {} } },
        { timeout: PROVISION_TIMEOUT_MS },
      );
      expect(result.isError, textOf(result as never)).toBeFalsy();
      expect(fs.existsSync(path.join(gw.sandbox.toolgateHome, 'servers', 'memory'))).toBe(true);
    } finally {
      await gw.close();
    }
  });
});
