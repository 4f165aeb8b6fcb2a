import { describe, expect, it } from 'vitest';
import { ToolIndex, type SearchHit } from '../../src/catalog/tool-index.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { rankInstalledFirst, UNINSTALLED_SCORE_WEIGHT } from '../../src/gateway/installed-first.js';
import { UninstalledCatalog, type UninstalledServer } from '../../src/gateway/uninstalled-servers.js';
import type { Logger } from '../../src/log/logger.js';

function hit(server: string, name: string, score: number): SearchHit {
  return { toolId: `${server}::${name}`, server, tool: { name }, score, online: false };
}

const configured = new Set(['github', 'time']);
const isInstalled = (server: string) => configured.has(server);
const ids = (hits: SearchHit[]) => hits.map((h) => h.toolId);

describe('installed first', () => {
  it('ranks a configured tool above an uninstalled tool of the same name, however much better that one scores', () => {
    const hits = [
      hit('github-legacy', 'create_pull_request', 100),
      hit('gitlab', 'gitlab_create_pull_request', 90),
      hit('github', 'create_pull_request', 1),
    ];
    expect(ids(rankInstalledFirst(hits, isInstalled, 3))).toEqual([
      'github::create_pull_request',
      'github-legacy::create_pull_request',
      'gitlab::gitlab_create_pull_request',
    ]);
  });

  it('ranks a configured tool above an uninstalled one unless that one scores past the discount', () => {
    const close = [hit('git-node', 'git_log', 10), hit('time', 'get_current_time', 10 * UNINSTALLED_SCORE_WEIGHT)];
    expect(ids(rankInstalledFirst(close, isInstalled, 2))).toEqual(['time::get_current_time', 'git-node::git_log']);
    const far = [
      hit('tavily', 'tavily_search', 10),
      hit('time', 'get_current_time', 10 * UNINSTALLED_SCORE_WEIGHT * 0.9),
    ];
    expect(ids(rankInstalledFirst(far, isInstalled, 2))).toEqual(['tavily::tavily_search', 'time::get_current_time']);
  });

  it('answers at most the limit, configured tools filling it when no uninstalled one is left', () => {
    const hits = [hit('github', 'a', 3), hit('github', 'b', 2), hit('github', 'c', 1)];
    expect(ids(rankInstalledFirst(hits, isInstalled, 2))).toEqual(['github::a', 'github::b']);
    expect(rankInstalledFirst([], isInstalled, 5)).toEqual([]);
  });
});

describe('manifest context for configured servers', () => {
  const silent = { warn: () => undefined, debug: () => undefined, info: () => undefined } as unknown as Logger;
  const manifest: UninstalledServer[] = [
    // The manifest's `time` is another package (PyPI) than the user's `time` entry (npm time-mcp).
    { name: 'time', facts: { keywords: ['pypi-only-word'] }, tools: [], identifiers: ['pypi:mcp-server-time'] },
    {
      name: 'time-node',
      facts: { description: 'Clocks and timezones', keywords: ['zeitzone'] },
      tools: [],
      identifiers: ['npm:time-mcp'],
    },
  ];
  const source = {
    list: async () => manifest,
    advise: async () => ({ hint: '', next_calls: [] }),
    beforeInvoke: async () => undefined,
  };
  const entry = {
    name: 'time',
    transport: 'stdio',
    command: 'npx',
    args: ['-y', 'time-mcp'],
    source: 'test',
  } as unknown as ServerEntry;

  it('gives a configured server the description and keywords of the manifest entry of its package, not of its name', async () => {
    const index = new ToolIndex();
    index.replaceServer('time', [{ name: 'now', description: 'Current time.' }], {});
    const catalog = new UninstalledCatalog(source, index, silent);
    await catalog.sync((server) => server === 'time', [entry]);
    const search = (query: string) =>
      ids(index.query(query, { limit: 5, includeOffline: true, isOnline: () => true, isVisible: () => true }));
    expect(search('zeitzone')).toEqual(['time::now']);
    expect(search('pypi-only-word')).toEqual([]);
    // The context stays when the server's tools are listed again.
    index.replaceServer(
      'time',
      [
        { name: 'now', description: 'Current time.' },
        { name: 'convert', description: 'Convert a time.' },
      ],
      {},
    );
    expect(search('zeitzone')).toContain('time::convert');
    // time-node is the configured server under another name: not also listed as uninstalled.
    expect(index.hasServer('time-node')).toBe(false);
  });
});
