// Policy `provisioning: auto`: invoking a tool of an uninstalled manifest server installs it first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGateway, textOf } from '../support/gateway-process.js';

const NPM_CACHE = process.env.npm_config_cache ?? path.join(os.homedir(), '.npm');
const PROVISION_TIMEOUT_MS = 120_000;

function env(): Record<string, string> {
  return { npm_config_cache: NPM_CACHE, npm_config_update_notifier: 'false' };
}

describe('policy provisioning: auto', () => {
  it('provisions an uninstalled manifest server on first invoke when no credential is missing', async () => {
    const gw = await startGateway({ env: env(), policy: 'provisioning: auto\n' });
    try {
      const result = await gw.client.callTool({ name: 'gateway_invoke', arguments: { tool_id: 'memory::read_graph', arguments: {} } }, undefined, { timeout: PROVISION_TIMEOUT_MS });
      expect(result.isError, textOf(result as never)).toBeFalsy();
      expect(fs.existsSync(path.join(gw.sandbox.toolgateHome, 'servers', 'memory'))).toBe(true);
    } finally {
      await gw.close();
    }
  });
});
