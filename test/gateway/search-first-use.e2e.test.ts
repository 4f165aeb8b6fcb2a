// catalog_search end to end on a fresh home: no stall on the first search, several phrasings, exact names,
// the server directory on a weak match, and learning from a search followed by an invoke.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, fixture, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';
import { DEFAULT_SEARCH_START_WAIT_MS } from '../../src/settings/setting-defaults.js';

interface Answer {
  results: { tool_id: string; installed?: boolean; online?: boolean }[];
  starting?: string[];
  not_searched?: string[];
  servers?: { server: string; about: string; tools: number }[];
  hint?: string;
}

const open: GatewayProcess[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gw) => gw.close()));
});

/** A gateway with the shipped first-search wait (test/support raises it for every other test). */
async function start(options: Parameters<typeof startGateway>[0]): Promise<GatewayProcess> {
  const gw = await startGateway({
    ...options,
    env: { TOOLGATE_SEARCH_START_WAIT_MS: String(DEFAULT_SEARCH_START_WAIT_MS), ...options?.env },
  });
  open.push(gw);
  return gw;
}

const search = (gw: GatewayProcess, args: Record<string, unknown>) => gw.json<Answer>('gateway_catalog_search', args);

describe('the first search on a fresh home', () => {
  it('answers before a slow server is up, from the manifest snapshot of its package, and names it as starting', async () => {
    const sandbox = createSandbox();
    const startFile = path.join(sandbox.root, 'release-mem');
    const late = fixture('late-start-server.mjs', { FIXTURE_START_FILE: startFile, FIXTURE_NAME: 'mem' }) as {
      args: string[];
    };
    // The package name as `npx -y @modelcontextprotocol/server-memory` would give it: matched to the manifest's `memory`.
    late.args.push('@modelcontextprotocol/server-memory');
    const gw = await start({
      sandbox,
      servers: {
        mem: late,
        many: fixture('many-tools-server.mjs'),
        broken: fixture('exit-at-once.mjs'),
      },
    });

    const first = await search(gw, { query: 'create entities in the knowledge graph' });
    // The slow server cannot have answered: its start file does not exist yet.
    expect(fs.existsSync(startFile)).toBe(false);
    expect(first.results[0]?.tool_id).toBe('mem::create_entities');
    expect(first.results[0]?.installed).toBeUndefined();
    expect(first.starting).toContain('mem');
    expect(first.not_searched ?? []).not.toContain('mem');
    expect(first.hint).toContain('still starting');

    // The failed server is reported as such (once its start has failed), never the slow one.
    await expect
      .poll(async () => (await search(gw, { query: 'echo' })).not_searched, { timeout: 20_000 })
      .toEqual(['broken']);

    fs.writeFileSync(startFile, 'go');
    // Its own list replaces the snapshot once it is up: late_marker is in no snapshot.
    await expect
      .poll(async () => (await search(gw, { query: 'late_marker' })).results[0]?.tool_id, { timeout: 20_000 })
      .toBe('mem::late_marker');
    const after = await search(gw, { query: 'create entities' });
    expect(after.starting ?? []).not.toContain('mem');
    expect(after.results.map((hit) => hit.tool_id)).not.toContain('mem::read_graph');
  });
});

describe('catalog_search phrasings, names and directory', () => {
  it('fuses several phrasings, finds exact names first, and lists the configured servers on a weak match', async () => {
    const gw = await start({
      servers: { many: fixture('many-tools-server.mjs'), gov: fixture('governance-server.mjs') },
      args: [],
    });
    await search(gw, { query: 'warm up' });
    await expect
      .poll(async () => (await search(gw, { query: 'echo' })).starting ?? [], { timeout: 20_000 })
      .toEqual([]);

    const fused = await search(gw, { query: ['weather in Berlin', 'get forecast for a city'] });
    expect(fused.results[0]?.tool_id).toBe('many::get_weather');

    expect((await search(gw, { query: 'gov::echo' })).results[0]?.tool_id).toBe('gov::echo');
    expect((await search(gw, { query: 'translate_text' })).results[0]?.tool_id).toBe('many::translate_text');

    const weak = await search(gw, { query: 'zebra quantum marmalade' });
    expect(weak.servers?.map((entry) => entry.server).sort()).toEqual(['gov', 'many']);
    expect(weak.servers?.find((entry) => entry.server === 'many')?.tools).toBeGreaterThan(10);
    expect(weak.hint).toContain('"server"');

    const tooMany = await gw.call('gateway_catalog_search', { query: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toContain('expected 1 to 5 phrasings of one need, received 6');
    const empty = await gw.call('gateway_catalog_search', { query: ['weather', '  '] });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toContain('empty string');
  });
});

describe('learning from use', () => {
  const need = 'make my quokka marmalade bilingual';

  async function teach(gw: GatewayProcess, extra = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'): Promise<void> {
    await expect
      .poll(async () => (await search(gw, { query: 'echo' })).starting ?? [], { timeout: 20_000 })
      .toEqual([]);
    // A first wording that misses, then one that finds the tool, then the invoke.
    await search(gw, { query: `${need} ${extra}` });
    const found = await search(gw, { query: 'translate text' });
    expect(found.results.map((hit) => hit.tool_id)).toContain('many::translate_text');
    const result = await gw.call('gateway_invoke', {
      tool_id: 'many::translate_text',
      arguments: { text: 'hello', target_language: 'fr' },
    });
    expect(result.isError).toBeFalsy();
  }

  it('remembers the words of the searches before a successful invoke, so those words find the tool next time', async () => {
    const gw = await start({ servers: { many: fixture('many-tools-server.mjs') } });
    await expect
      .poll(async () => (await search(gw, { query: 'echo' })).starting ?? [], { timeout: 20_000 })
      .toEqual([]);
    // The first configured tool the words find, and the rank of the tool taught: uninstalled manifest tools
    // whose long descriptions repeat a word may still rank above it (installed-first weighs, it does not filter).
    const configuredFirst = async () =>
      (await search(gw, { query: 'quokka marmalade' })).results.filter((hit) => hit.installed !== false);
    const rankOf = async () =>
      (await search(gw, { query: 'quokka marmalade' })).results.findIndex(
        (hit) => hit.tool_id === 'many::translate_text',
      );
    expect((await configuredFirst())[0]?.tool_id).not.toBe('many::translate_text');
    const before = await rankOf();
    await teach(gw);
    expect((await configuredFirst())[0]?.tool_id).toBe('many::translate_text');
    const after = await rankOf();
    expect(after).toBeGreaterThanOrEqual(0);
    if (before >= 0) expect(after).toBeLessThan(before);

    const file = path.join(gw.sandbox.toolgateHome, 'cache', 'learned-search-terms.json');
    await expect.poll(() => fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('bilingual');
    // The credential-shaped word is neither stored whole nor in parts.
    expect(text).not.toContain('ghp');
    expect(text).not.toMatch(/A1b2/i);
  });

  it('learns nothing from a failed invoke, nor when policy says search.learn: false', async () => {
    const off = await start({
      servers: { many: fixture('many-tools-server.mjs') },
      policy: 'search:\n  learn: false\n',
    });
    await teach(off);
    expect((await search(off, { query: 'quokka marmalade' })).results[0]?.tool_id).not.toBe('many::translate_text');
    expect(fs.existsSync(path.join(off.sandbox.toolgateHome, 'cache', 'learned-search-terms.json'))).toBe(false);

    const gw = await start({ servers: { many: fixture('many-tools-server.mjs') } });
    await search(gw, { query: need });
    await search(gw, { query: 'translate text' });
    const failed = await gw.call('gateway_invoke', { tool_id: 'many::translate_text', arguments: { text: 3 } });
    expect(failed.isError).toBe(true);
    expect((await search(gw, { query: 'quokka marmalade' })).results[0]?.tool_id).not.toBe('many::translate_text');
  });
});
