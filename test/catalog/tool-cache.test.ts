import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryToolCache, MemoryToolCache, TOOL_CACHE_VERSION } from '../../src/catalog/tool-cache.js';
import type { CatalogTool } from '../../src/catalog/tool-index.js';

const TOOLS: CatalogTool[] = [
  {
    name: 'create_issue',
    description: 'Create an issue.',
    inputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
  },
  { name: 'list_files', title: 'List files', annotations: { readOnlyHint: true } },
];

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-tool-cache-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('DirectoryToolCache', () => {
  it('reads back exactly the tools it wrote, with version, server and save time', async () => {
    const cache = new DirectoryToolCache(dir);
    const before = Date.now();
    await cache.write('github', TOOLS);
    const cached = await cache.read('github');
    expect(cached).toBeDefined();
    expect(cached?.version).toBe(TOOL_CACHE_VERSION);
    expect(cached?.server).toBe('github');
    expect(cached?.tools).toEqual(TOOLS);
    expect(Date.parse(cached?.savedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
  });

  it('creates its directory when it does not exist yet', async () => {
    const cache = new DirectoryToolCache(path.join(dir, 'nested', 'cache'));
    await cache.write('fs', TOOLS);
    expect((await cache.read('fs'))?.tools).toEqual(TOOLS);
  });

  it('replaces the previous list of a server on a second write', async () => {
    const cache = new DirectoryToolCache(dir);
    await cache.write('github', TOOLS);
    await cache.write('github', [{ name: 'only_one' }]);
    expect((await cache.read('github'))?.tools).toEqual([{ name: 'only_one' }]);
  });

  it('keeps each server in its own file', async () => {
    const cache = new DirectoryToolCache(dir);
    await cache.write('github', TOOLS);
    await cache.write('slack', [{ name: 'send_message' }]);
    expect((await cache.read('github'))?.tools).toEqual(TOOLS);
    expect((await cache.read('slack'))?.tools).toEqual([{ name: 'send_message' }]);
  });

  it('returns undefined for a server it never saw', async () => {
    expect(await new DirectoryToolCache(dir).read('never')).toBeUndefined();
  });

  it('returns undefined for a damaged file instead of throwing', async () => {
    await fs.writeFile(path.join(dir, 'github.json'), '{"version":1,"server":"github","tools":[{"na');
    expect(await new DirectoryToolCache(dir).read('github')).toBeUndefined();
  });

  it('returns undefined for a file written by another cache version', async () => {
    const cache = new DirectoryToolCache(dir);
    await cache.write('github', TOOLS);
    const file = path.join(dir, 'github.json');
    const content = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...content, version: TOOL_CACHE_VERSION + 1 }));
    expect(await cache.read('github')).toBeUndefined();
  });

  it('returns undefined for a file that names another server or has no tool array', async () => {
    await fs.writeFile(
      path.join(dir, 'a.json'),
      JSON.stringify({ version: TOOL_CACHE_VERSION, server: 'b', savedAt: '', tools: [] }),
    );
    await fs.writeFile(
      path.join(dir, 'c.json'),
      JSON.stringify({ version: TOOL_CACHE_VERSION, server: 'c', savedAt: '', tools: {} }),
    );
    const cache = new DirectoryToolCache(dir);
    expect(await cache.read('a')).toBeUndefined();
    expect(await cache.read('c')).toBeUndefined();
  });

  it('leaves no temporary files behind after writing', async () => {
    const cache = new DirectoryToolCache(dir);
    await Promise.all([cache.write('github', TOOLS), cache.write('slack', TOOLS), cache.write('github', TOOLS)]);
    const names = await fs.readdir(dir);
    expect(names.sort()).toEqual(['github.json', 'slack.json']);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('MemoryToolCache', () => {
  it('reads back what it was given and nothing for unknown servers', async () => {
    const cache = new MemoryToolCache();
    await cache.write('github', TOOLS);
    expect((await cache.read('github'))?.tools).toEqual(TOOLS);
    expect(await cache.read('slack')).toBeUndefined();
  });
});
