import { describe, expect, it } from 'vitest';
import { ToolIndex, toolIdOf, type CatalogTool, type IndexSearchOptions } from '../../src/catalog/tool-index.js';

function tool(name: string, description: string, params: Record<string, string> = {}): CatalogTool {
  const properties = Object.fromEntries(
    Object.entries(params).map(([key, text]) => [key, { type: 'string', description: text }]),
  );
  return { name, description, inputSchema: { type: 'object', properties } };
}

/** About twenty tools as real servers describe them, with deliberately overlapping words. */
const CATALOG: Record<string, CatalogTool[]> = {
  github: [
    tool('create_pull_request', 'Create a new pull request in a GitHub repository.', {
      owner: 'Repository owner',
      repo: 'Repository name',
      title: 'PR title',
      head: 'Branch with changes',
      base: 'Branch to merge into',
    }),
    tool('list_pull_requests', 'List pull requests in a GitHub repository, filtered by state.', {
      owner: 'Repository owner',
      repo: 'Repository name',
      state: 'open, closed or all',
    }),
    tool('merge_pull_request', 'Merge a pull request.', {
      owner: 'Repository owner',
      repo: 'Repository name',
      pull_number: 'Pull request number',
    }),
    tool('get_pull_request', 'Get details of a specific pull request.', { pull_number: 'Pull request number' }),
    tool('create_issue', 'Create a new issue in a GitHub repository.', {
      owner: 'Repository owner',
      repo: 'Repository name',
      title: 'Issue title',
      body: 'Issue body',
    }),
    tool('search_issues', 'Search issues and pull requests across GitHub.', { q: 'Search query' }),
    tool('create_branch', 'Create a new branch in a repository.', {
      branch: 'Name of the new branch',
      from_branch: 'Source branch',
    }),
    tool('create_repository', 'Create a new GitHub repository in your account.', {
      name: 'Repository name',
      private: 'Whether the repository is private',
    }),
    tool('get_file_contents', 'Get the contents of a file or directory from a GitHub repository.', {
      path: 'Path to the file',
    }),
  ],
  gitlab: [
    tool('create_merge_request', 'Create a new merge request in a GitLab project.', {
      project_id: 'Project ID or path',
      source_branch: 'Branch with changes',
    }),
    tool('create_issue', 'Create a new issue in a GitLab project.', {
      project_id: 'Project ID or path',
      title: 'Issue title',
    }),
  ],
  slack: [
    tool('send_message', 'Send a message to a Slack channel.', { channel: 'Channel ID', text: 'Message text' }),
    tool('list_channels', 'List public channels in the workspace.'),
    tool('create_channel', 'Create a new Slack channel.', { name: 'Channel name' }),
  ],
  fs: [
    tool('read_file', 'Read the complete contents of a file from the file system.', { path: 'Path of the file' }),
    tool('write_file', 'Create a new file or overwrite an existing file.', {
      path: 'Path of the file',
      content: 'Text to write',
    }),
    tool('list_directory', 'List the files and directories in a path.', { path: 'Directory path' }),
  ],
  weather: [
    tool('get_forecast', 'Get the weather forecast.', {
      latitude: 'Latitude of the location in decimal degrees',
      longitude: 'Longitude of the location',
    }),
    tool('get_alerts', 'Get weather alerts for a US state.', { state: 'Two-letter US state code' }),
  ],
  http: [tool('fetch', 'Fetch a URL from the internet and return its content as markdown.', { url: 'URL to fetch' })],
};

function buildIndex(): ToolIndex {
  const index = new ToolIndex();
  for (const [server, tools] of Object.entries(CATALOG)) index.replaceServer(server, tools, {});
  return index;
}

function options(overrides: Partial<IndexSearchOptions> = {}): IndexSearchOptions {
  return { limit: 10, includeOffline: true, isOnline: () => true, isVisible: () => true, ...overrides };
}

describe('ToolIndex', () => {
  it('indexes every tool under its server::tool id', () => {
    const index = buildIndex();
    expect(index.size).toBe(Object.values(CATALOG).flat().length);
    expect(index.size).toBeGreaterThanOrEqual(20);
    expect(index.get('github::create_issue')?.server).toBe('github');
    expect(index.get('gitlab::create_issue')?.tool.description).toContain('GitLab');
    expect(index.servers().sort()).toEqual(Object.keys(CATALOG).sort());
    expect(toolIdOf('fs', 'read_file')).toBe('fs::read_file');
  });

  it('ranks create_pull_request first for the query "create pull request"', () => {
    const hits = buildIndex().query('create pull request', options());
    expect(hits[0]?.toolId).toBe('github::create_pull_request');
    // The other pull request tools follow ahead of unrelated "create" tools like create_channel.
    const ids = hits.map((hit) => hit.toolId);
    expect(ids.indexOf('github::list_pull_requests')).toBeLessThan(
      ids.includes('slack::create_channel') ? ids.indexOf('slack::create_channel') : Infinity,
    );
  });

  it('finds a tool by a natural phrase and returns hits best first', () => {
    const hits = buildIndex().query('send a slack message', options());
    expect(hits[0]?.toolId).toBe('slack::send_message');
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('matches plurals and singulars alike', () => {
    expect(buildIndex().query('weather alert', options())[0]?.toolId).toBe('weather::get_alerts');
    expect(
      buildIndex()
        .query('channels', options())
        .map((hit) => hit.toolId),
    ).toContain('slack::create_channel');
  });

  it('finds a tool by words that only appear in a parameter description', () => {
    const hits = buildIndex().query('latitude', options());
    expect(hits.map((hit) => hit.toolId)).toEqual(['weather::get_forecast']);
  });

  it('finds tools by words of their server description', () => {
    const index = new ToolIndex();
    index.replaceServer('linear', [tool('save_entry', 'Save an entry.')], { description: 'Kanban project tracker' });
    index.replaceServer('notes', [tool('save_entry', 'Save an entry.')], {});
    expect(index.query('kanban', options()).map((hit) => hit.toolId)).toEqual(['linear::save_entry']);
  });

  it('returns no more hits than the limit', () => {
    const index = buildIndex();
    expect(index.query('create', options({ limit: 100 })).length).toBeGreaterThan(3);
    expect(index.query('create', options({ limit: 3 }))).toHaveLength(3);
    expect(index.query('create', options({ limit: 1 }))).toHaveLength(1);
  });

  it('returns only tools of the server asked for', () => {
    const hits = buildIndex().query('create issue', options({ server: 'gitlab' }));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.server === 'gitlab')).toBe(true);
    expect(hits[0]?.toolId).toBe('gitlab::create_issue');
  });

  it('leaves out tools of offline servers unless includeOffline is set, and marks each hit online or not', () => {
    const index = buildIndex();
    const isOnline = (server: string) => server !== 'github';
    const onlineOnly = index.query('create issue', options({ includeOffline: false, isOnline }));
    expect(onlineOnly.map((hit) => hit.server)).not.toContain('github');
    expect(onlineOnly.every((hit) => hit.online)).toBe(true);

    const all = index.query('create issue', options({ includeOffline: true, isOnline }));
    const github = all.find((hit) => hit.toolId === 'github::create_issue');
    expect(github?.online).toBe(false);
    expect(all.find((hit) => hit.toolId === 'gitlab::create_issue')?.online).toBe(true);
  });

  it('never returns a tool the visibility check hides, even as the best match', () => {
    const index = buildIndex();
    const isVisible = (server: string, name: string) => !(server === 'github' && name === 'create_pull_request');
    const hits = index.query('create pull request', options({ isVisible }));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((hit) => hit.toolId)).not.toContain('github::create_pull_request');
    expect(
      index.all({ includeOffline: true, isOnline: () => true, isVisible }).map((entry) => entry.toolId),
    ).not.toContain('github::create_pull_request');
  });

  it('drops the old tools of a server when its tools are replaced', () => {
    const index = buildIndex();
    const before = index.size;
    index.replaceServer('slack', [tool('post_reaction', 'Add an emoji reaction to a message.')], {});
    expect(index.get('slack::send_message')).toBeUndefined();
    expect(index.get('slack::post_reaction')).toBeDefined();
    expect(index.size).toBe(before - CATALOG.slack!.length + 1);
    expect(index.query('channel', options()).map((hit) => hit.server)).not.toContain('slack');
    expect(index.query('emoji reaction', options())[0]?.toolId).toBe('slack::post_reaction');
  });

  it('forgets a removed server entirely', () => {
    const index = buildIndex();
    index.removeServer('weather');
    expect(index.hasServer('weather')).toBe(false);
    expect(index.get('weather::get_forecast')).toBeUndefined();
    expect(index.query('weather forecast', options()).map((hit) => hit.server)).not.toContain('weather');
    index.removeServer('never-added');
    expect(index.hasServer('github')).toBe(true);
  });

  it('keeps the first of two tools with the same name on one server', () => {
    const index = new ToolIndex();
    index.replaceServer('dup', [tool('echo', 'First echo.'), tool('echo', 'Second echo.')], {});
    expect(index.size).toBe(1);
    expect(index.get('dup::echo')?.tool.description).toBe('First echo.');
    expect(index.query('echo', options())).toHaveLength(1);
  });

  it('knows a server with an empty tool list', () => {
    const index = new ToolIndex();
    index.replaceServer('empty', [], {});
    expect(index.hasServer('empty')).toBe(true);
    expect(index.size).toBe(0);
  });

  it('lists every visible tool for an empty query, filtered like a search', () => {
    const index = buildIndex();
    const all = index.all({ includeOffline: true, isOnline: () => true, isVisible: () => true });
    expect(all).toHaveLength(index.size);
    const fsOnly = index.all({ server: 'fs', includeOffline: true, isOnline: () => true, isVisible: () => true });
    expect(fsOnly.map((entry) => entry.tool.name).sort()).toEqual(['list_directory', 'read_file', 'write_file']);
    const onlineOnly = index.all({
      includeOffline: false,
      isOnline: (server) => server === 'http',
      isVisible: () => true,
    });
    expect(onlineOnly.map((entry) => entry.toolId)).toEqual(['http::fetch']);
  });
});
