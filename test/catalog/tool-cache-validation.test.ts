// A cache file with a damaged tool entry is ignored (rewritten on next connect), and never stops the gateway.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryToolCache, TOOL_CACHE_VERSION } from '../../src/catalog/tool-cache.js';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { configOf } from '../support/discovered-config.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy } from '../../src/policy/load-policy.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-cache-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const DAMAGED_TOOLS: Record<string, unknown[]> = {
  'a null entry': [null],
  'a number as description': [{ name: 'a', description: 5 }],
  'a missing name': [{ description: 'no name' }],
  'a string as inputSchema': [{ name: 'a', inputSchema: 'object' }],
  'an array as annotations': [{ name: 'a', annotations: [] }],
};

async function writeCache(server: string, tools: unknown[]): Promise<void> {
  await fs.writeFile(
    path.join(dir, `${server}.json`),
    JSON.stringify({ version: TOOL_CACHE_VERSION, server, savedAt: new Date().toISOString(), tools }),
  );
}

describe('DirectoryToolCache.read of damaged entries', () => {
  it.each(Object.entries(DAMAGED_TOOLS))('ignores a file with %s', async (_what, tools) => {
    await writeCache('github', tools);
    expect(await new DirectoryToolCache(dir).read('github')).toBeUndefined();
  });

  it('still reads a valid file, keeping fields it does not know', async () => {
    const tools = [
      {
        name: 'a',
        title: 'A',
        description: 'd',
        inputSchema: { type: 'object' },
        annotations: { readOnlyHint: true },
        extra: 1,
      },
    ];
    await writeCache('github', tools);
    expect((await new DirectoryToolCache(dir).read('github'))?.tools).toEqual(tools);
  });

  it('lets the gateway start with a damaged cache file', async () => {
    await writeCache('github', [null, { name: 'a', description: 5 }]);
    const entry: ServerEntry = {
      name: 'github',
      source: '/config/.mcp.json',
      transport: 'stdio',
      command: 'unused',
      args: [],
      env: {},
    };
    const config = configOf([['github', entry]]);
    const policy = new PolicyView(mergePolicy([]));
    const pool = new ServerPool({
      createTransport: () => {
        throw new Error('no server is started in this test');
      },
      secretsFor: () => ({}),
      logger: silentLogger,
      clientInfo: { name: 'test', version: '1' },
    });
    const gateway = new Gateway({
      pool,
      index: new ToolIndex(),
      cache: new DirectoryToolCache(dir),
      initial: { config, policy },
      reload: async () => ({ config, policy }),
      logger: silentLogger,
    });
    try {
      await gateway.start();
      expect(gateway.index.size).toBe(0);
    } finally {
      await gateway.close();
    }
  });
});
