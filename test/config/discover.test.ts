import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverServers, type DiscoverOptions } from '../../src/config/discover.js';
import { resolvePaths } from '../../src/config/paths.js';
import type { DiscoveredConfig, RemoteServerEntry, StdioServerEntry } from '../../src/config/server-entry.js';
import type { ProjectTrust } from '../../src/trust/trust-list.js';

let root: string;

const TRUST_ALL: ProjectTrust = { verdict: () => 'trusted' };

beforeEach(async () => {
  // realpath: on some systems the temp dir is reached through a symlink, and sources are compared by path.
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-discover-')));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function write(file: string, content: unknown): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** A home and a project outside it, unless `cwd` says otherwise. */
function layout(overrides: Partial<DiscoverOptions> = {}): DiscoverOptions & { home: string } {
  const home = path.join(root, 'home');
  return {
    home,
    cwd: path.join(root, 'projects', 'app'),
    homeDir: home,
    paths: resolvePaths({}, home),
    env: {},
    // The user trusted every project file here; what trust does is tested in test/security/f2-*.
    trust: TRUST_ALL,
    ...overrides,
  };
}

function stdio(config: DiscoveredConfig, name: string): StdioServerEntry {
  const entry = config.servers.get(name);
  if (entry?.transport !== 'stdio') throw new Error(`expected stdio server ${name}, got ${JSON.stringify(entry)}`);
  return entry;
}

function remote(config: DiscoveredConfig, name: string): RemoteServerEntry {
  const entry = config.servers.get(name);
  if (entry === undefined || entry.transport === 'stdio')
    throw new Error(`expected remote server ${name}, got ${JSON.stringify(entry)}`);
  return entry;
}

function disabledError(config: DiscoveredConfig, name: string): string {
  const found = config.disabled.find((server) => server.name === name);
  if (found === undefined)
    throw new Error(`expected ${name} to be disabled; disabled: ${JSON.stringify(config.disabled)}`);
  return found.error;
}

/** Only files under the temp root: the upward search may also pass real folders such as /tmp. */
function ownFiles(config: DiscoveredConfig) {
  return config.files.filter((file) => file.path.startsWith(root));
}

const server = (tag: string) => ({ command: 'node', args: [tag] });

describe('discoverServers: sources and precedence', () => {
  it('lets the closest of the five sources win for each server name', async () => {
    const options = layout();
    const explicit = await write(path.join(root, 'elsewhere', 'gateway.json'), {
      mcpServers: { a: server('explicit') },
    });
    const project = await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: { a: server('project'), b: server('project') },
    });
    const own = await write(options.paths.serversFile, {
      mcpServers: { a: server('toolgate'), b: server('toolgate'), c: server('toolgate') },
    });
    const user = await write(path.join(options.home, '.mcp.json'), {
      mcpServers: { a: server('user'), b: server('user'), c: server('user'), d: server('user') },
    });
    const claude = await write(path.join(options.home, '.claude', '.mcp.json'), {
      mcpServers: {
        a: server('claude'),
        b: server('claude'),
        c: server('claude'),
        d: server('claude'),
        e: server('claude'),
      },
    });

    const config = await discoverServers({ ...options, explicitConfig: explicit });

    expect(
      Object.fromEntries(
        [...config.servers].map(([name, entry]) => [name, stdio(config, name).args[0] + '@' + entry.source]),
      ),
    ).toEqual({
      a: `explicit@${explicit}`,
      b: `project@${project}`,
      c: `toolgate@${own}`,
      d: `user@${user}`,
      e: `claude@${claude}`,
    });
    expect(ownFiles(config)).toEqual([
      { path: explicit, role: 'explicit', found: true, servers: 1 },
      { path: project, role: 'project', found: true, servers: 2 },
      { path: own, role: 'toolgate', found: true, servers: 3 },
      { path: user, role: 'user', found: true, servers: 4 },
      { path: claude, role: 'claude-user', found: true, servers: 5 },
    ]);
    expect(config.problems).toEqual([]);
  });

  it('searches upward from cwd for project files and lets the nearest one win', async () => {
    const options = layout({ cwd: path.join(root, 'projects', 'app', 'packages', 'web') });
    const outer = await write(path.join(root, 'projects', '.mcp.json'), {
      mcpServers: { shared: server('outer'), 'outer-only': server('outer') },
    });
    const inner = await write(path.join(root, 'projects', 'app', '.mcp.json'), {
      mcpServers: { shared: server('inner') },
    });

    const config = await discoverServers(options);

    expect(stdio(config, 'shared').args).toEqual(['inner']);
    expect(stdio(config, 'outer-only').source).toBe(outer);
    expect(
      ownFiles(config)
        .filter((file) => file.role === 'project')
        .map((file) => file.path),
    ).toEqual([inner, outer]);
  });

  it('counts ~/.mcp.json once, as a project file, when cwd is under home', async () => {
    const options = layout();
    const cwd = path.join(options.home, 'code', 'app');
    await fs.mkdir(cwd, { recursive: true });
    const user = await write(path.join(options.home, '.mcp.json'), { mcpServers: { mine: server('user') } });

    const config = await discoverServers({ ...options, cwd });

    expect(config.files.filter((file) => file.path === user)).toEqual([
      { path: user, role: 'project', found: true, servers: 1 },
    ]);
    expect(config.files.some((file) => file.role === 'user')).toBe(false);
    expect(stdio(config, 'mine').source).toBe(user);
  });

  it('records missing files as not found without reporting them as problems', async () => {
    const options = layout();

    const config = await discoverServers(options);

    expect(config.servers.size).toBe(0);
    expect(config.problems.filter((problem) => problem.file.startsWith(root))).toEqual([]);
    expect(ownFiles(config).map(({ role, found }) => ({ role, found }))).toEqual([
      { role: 'project', found: false },
      { role: 'toolgate', found: false },
      { role: 'user', found: false },
      { role: 'claude-user', found: false },
    ]);
  });

  it('reports an explicit config path that does not exist as a problem naming it', async () => {
    const options = layout();
    await write(path.join(options.home, '.mcp.json'), { mcpServers: { still: server('user') } });

    const config = await discoverServers({ ...options, explicitConfig: 'missing/gateway.json' });

    const expected = path.join(options.cwd, 'missing', 'gateway.json');
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]?.file).toBe(expected);
    expect(config.problems[0]?.message).toContain(expected);
    expect(config.problems[0]?.message).toContain('TOOLGATE_CONFIG');
    expect(config.files[0]).toEqual({ path: expected, role: 'explicit', found: false, servers: 0 });
    expect(config.servers.has('still')).toBe(true);
  });

  it('reads the VS Code `servers` key like `mcpServers`', async () => {
    const options = layout();
    await write(path.join(options.cwd, '.mcp.json'), {
      servers: { vscode: { type: 'stdio', command: 'npx', args: ['-y', 'pkg'] } },
    });

    const config = await discoverServers(options);

    expect(stdio(config, 'vscode')).toMatchObject({ command: 'npx', args: ['-y', 'pkg'], env: {} });
  });
});

describe('discoverServers: broken files and entries', () => {
  it('reports malformed JSON as a problem naming the file and position while other files load', async () => {
    const options = layout();
    const broken = await write(
      path.join(options.cwd, '.mcp.json'),
      '{\n  "mcpServers": {\n    "a": { "command": "x", "env": { "TOKEN": "sk-secret" }, }\n  }\n}\n',
    );
    await write(path.join(options.home, '.mcp.json'), { mcpServers: { healthy: server('user') } });

    const config = await discoverServers(options);

    expect(config.problems).toHaveLength(1);
    const message = config.problems[0]?.message ?? '';
    expect(config.problems[0]?.file).toBe(broken);
    expect(message).toContain(broken);
    expect(message).toContain('line 3, column 61 (position 80)');
    expect(message).toContain('expected a double-quoted property name');
    expect(message).toContain('gateway_refresh');
    expect(message).not.toContain('sk-secret');
    expect(config.servers.has('healthy')).toBe(true);
    expect(config.files.find((file) => file.path === broken)).toMatchObject({ found: true, servers: 0 });
  });

  it('reports a top level that is not an object, saying what it received', async () => {
    const options = layout();
    const file = await write(path.join(options.cwd, '.mcp.json'), [{ command: 'x' }]);

    const config = await discoverServers(options);

    expect(config.problems[0]?.message).toMatch(
      new RegExp(`^${escape(file)}: expected a JSON object .* received an array`),
    );
  });

  it('reports a misspelt top-level key instead of silently loading nothing', async () => {
    const options = layout();
    await write(path.join(options.cwd, '.mcp.json'), { mcp_servers: { a: server('x') } });

    const config = await discoverServers(options);

    expect(config.problems[0]?.message).toContain('received only "mcp_servers"');
  });

  it('loads an empty file as a file with no servers', async () => {
    const options = layout();
    await write(path.join(options.cwd, '.mcp.json'), '\n');

    const config = await discoverServers(options);

    expect(config.problems.filter((problem) => problem.file.startsWith(root))).toEqual([]);
  });

  it.each([
    [
      'an args element that is not a string',
      { command: 'node', args: ['a', 'b', 3] },
      ['args[2]', 'expected a string, received a number', '"args" an array of strings'],
    ],
    [
      'a missing command',
      { args: ['x'] },
      ['command: expected a string, received nothing (the field is missing)', 'Set "command"'],
    ],
    [
      'a misspelt command key',
      { comand: 'node', args: ['x'] },
      [
        'command: expected a string, received nothing (the field is missing; "comand" is there: a misspelling of "command"?)',
        'Rename "comand" to "command".',
      ],
    ],
    [
      'args that is not an array',
      { command: 'node', args: 'server.js' },
      ['args: expected an array, received a string'],
    ],
    [
      'an env value that is a number',
      { command: 'node', env: { PORT: 3000 } },
      ['env.PORT: expected a string, received a number', 'quote numbers'],
    ],
    [
      'a url that is not a URL',
      { type: 'http', url: 'not a url' },
      ['url: expected an http(s) URL, received a string that is not a URL'],
    ],
    [
      'an unknown type',
      { type: 'websocket', url: 'ws://x' },
      ['type: expected one of "stdio", "http"', 'received "websocket"'],
    ],
  ])(
    'disables an entry with %s, naming file, server and field, while its siblings load',
    async (_label, entry, fragments) => {
      const options = layout();
      const file = await write(path.join(options.cwd, '.mcp.json'), {
        mcpServers: { broken: entry, sibling: server('ok') },
      });

      const config = await discoverServers(options);

      const error = disabledError(config, 'broken');
      expect(error).toContain(`Server "broken" in ${file}`);
      for (const fragment of fragments) expect(error).toContain(fragment);
      expect(config.servers.has('broken')).toBe(false);
      expect(config.servers.has('sibling')).toBe(true);
    },
  );

  it('refuses a server name outside the pattern with an error naming the file and the pattern', async () => {
    const options = layout();
    const file = await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: { 'my server!': server('x'), fine: server('y') },
    });

    const config = await discoverServers(options);

    const error = disabledError(config, 'my server!');
    expect(error).toContain(file);
    expect(error).toContain('^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$');
    expect(config.servers.has('fine')).toBe(true);
  });

  it('reports a broken closer entry instead of replacing it with a farther valid one', async () => {
    const options = layout();
    const project = await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: { memory: { command: 'npx', args: 'oops' } },
    });
    await write(path.join(options.home, '.mcp.json'), { mcpServers: { memory: server('user') } });

    const config = await discoverServers(options);

    expect(config.servers.has('memory')).toBe(false);
    expect(config.disabled).toEqual([expect.objectContaining({ name: 'memory', source: project })]);
  });

  it('skips an entry with disabled: true, and that entry still hides a farther one of the same name', async () => {
    const options = layout();
    const project = await write(path.join(options.cwd, '.mcp.json'), { mcpServers: { memory: { disabled: true } } });
    await write(path.join(options.home, '.mcp.json'), { mcpServers: { memory: server('user') } });

    const config = await discoverServers(options);

    expect(config.servers.has('memory')).toBe(false);
    expect(config.skipped).toEqual([{ name: 'memory', source: project, reason: expect.stringContaining('disabled') }]);
    expect(config.disabled).toEqual([]);
  });

  it('tolerates keys that other clients add to entries', async () => {
    const options = layout();
    await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: {
        fs: { command: 'npx', args: [], alwaysAllow: ['read'], autoApprove: [], timeout: 60, description: 'Files' },
      },
    });

    const config = await discoverServers(options);

    expect(stdio(config, 'fs')).toMatchObject({ command: 'npx', description: 'Files' });
  });
});

describe('discoverServers: interpolation', () => {
  it('expands ${VAR} and ${VAR:-default} in args, env, url and headers from the given env', async () => {
    const options = layout({ env: { TOKEN: 't0k', HOST: 'api.example.com', EMPTY: '' } });
    await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: {
        local: {
          command: 'node',
          args: ['--token=${TOKEN}', '--mode=${MODE:-fast}', 'cost: $$5', '$${TOKEN}'],
          env: { API_TOKEN: '${TOKEN}', LEVEL: '${EMPTY:-info}', PLAIN: 'no refs' },
        },
        api: { type: 'http', url: 'https://${HOST}/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } },
      },
    });

    const config = await discoverServers(options);

    expect(stdio(config, 'local').args).toEqual(['--token=t0k', '--mode=fast', 'cost: $$5', '${TOKEN}']);
    expect(stdio(config, 'local').env).toEqual({ API_TOKEN: 't0k', LEVEL: 'info', PLAIN: 'no refs' });
    expect(remote(config, 'api')).toMatchObject({
      url: 'https://api.example.com/mcp',
      headers: { Authorization: 'Bearer t0k' },
    });
  });

  it('disables a server that references an unset variable without a default, naming variable, field, server and file', async () => {
    const options = layout({ env: { KNOWN: 'visible-value' } });
    const file = await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: { api: { type: 'sse', url: 'https://x.example/sse?k=${KNOWN}', headers: { 'X-Key': '${API_KEY}' } } },
    });

    const config = await discoverServers(options);

    const error = disabledError(config, 'api');
    expect(error).toContain('${API_KEY} (in headers["X-Key"])');
    expect(error).toContain(`Server "api" in ${file}`);
    expect(error).toContain('${API_KEY:-default}');
    expect(error).not.toContain('visible-value');
  });
});

describe('discoverServers: transports and paths', () => {
  it('reads http, sse and streamable-http entries as remote servers', async () => {
    const options = layout();
    await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: {
        h: { type: 'http', url: 'https://h.example/mcp' },
        s: { type: 'sse', url: 'https://s.example/events' },
        sh: { type: 'streamable-http', url: 'https://sh.example/mcp' },
        cursorHttp: { url: 'https://c.example/mcp' },
        cursorSse: { url: 'https://c.example/sse' },
      },
    });

    const config = await discoverServers(options);

    expect(remote(config, 'h')).toEqual({
      name: 'h',
      source: path.join(options.cwd, '.mcp.json'),
      scope: 'project',
      transport: 'http',
      url: 'https://h.example/mcp',
      headers: {},
    });
    expect(remote(config, 's').transport).toBe('sse');
    expect(remote(config, 'sh').transport).toBe('http');
    expect(remote(config, 'cursorHttp').transport).toBe('http');
    expect(remote(config, 'cursorSse').transport).toBe('sse');
  });

  it('resolves a relative cwd and a relative command path against the config file folder, keeping bare commands bare', async () => {
    const options = layout();
    const dir = path.join(root, 'projects');
    await write(path.join(dir, '.mcp.json'), {
      mcpServers: {
        local: { command: './bin/server.js', cwd: 'tools/run' },
        bare: { command: 'npx', cwd: '~/work' },
      },
    });

    const config = await discoverServers(options);

    expect(stdio(config, 'local')).toMatchObject({
      command: path.join(dir, 'bin', 'server.js'),
      cwd: path.join(dir, 'tools', 'run'),
    });
    expect(stdio(config, 'bare')).toMatchObject({ command: 'npx', cwd: path.join(options.home, 'work') });
  });
});

describe('discoverServers: self-launch', () => {
  it('skips entries that would launch toolgate itself and keeps other servers', async () => {
    const options = layout();
    const selfScript = await write(path.join(root, 'install', 'lib', 'gate.js'), '');
    await write(path.join(options.home, '.mcp.json'), {
      mcpServers: {
        viaNpx: { command: 'npx', args: ['-y', 'toolgate@1.2.0', 'serve'] },
        viaPnpm: { command: 'pnpm', args: ['dlx', 'toolgate'] },
        viaBin: { command: '/usr/local/bin/toolgate' },
        viaNode: { command: 'node', args: ['/x/toolgate/dist/toolgate.js'] },
        viaScript: { command: 'node', args: ['./lib/gate.js'], cwd: path.join(root, 'install') },
        viaCmd: { command: 'cmd', args: ['/c', 'npx', 'toolgate'] },
        memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
        lookalike: { command: 'node', args: ['/x/not-toolgate/dist/toolgate.js'] },
        // `toolgate wrap -- <server>` runs that server behind the gates: no gateway, no recursion.
        wrappedBin: { command: 'toolgate', args: ['wrap', '--', 'node', 'server.js'] },
        wrappedNpx: {
          command: 'npx',
          args: [
            '-y',
            'toolgate',
            'wrap',
            '--name',
            'memory',
            '--',
            'npx',
            '-y',
            '@modelcontextprotocol/server-memory',
          ],
        },
        wrappedScript: {
          command: 'node',
          args: ['./lib/gate.js', 'wrap', '--', 'node', 'server.js'],
          cwd: path.join(root, 'install'),
        },
        // ...unless the wrapped command is toolgate itself.
        wrappedGateway: { command: 'toolgate', args: ['wrap', '--mode', 'monitor', '--', 'npx', 'toolgate', 'serve'] },
      },
    });

    const config = await discoverServers({ ...options, selfScripts: [selfScript] });

    expect(config.skipped.map((skip) => skip.name).sort()).toEqual([
      'viaBin',
      'viaCmd',
      'viaNode',
      'viaNpx',
      'viaPnpm',
      'viaScript',
      'wrappedGateway',
    ]);
    expect(config.skipped[0]?.reason).toContain('recurse');
    expect(config.skipped.find((skip) => skip.name === 'wrappedGateway')?.reason).toContain(
      'toolgate wrap around npx toolgate',
    );
    expect([...config.servers.keys()].sort()).toEqual([
      'lookalike',
      'memory',
      'wrappedBin',
      'wrappedNpx',
      'wrappedScript',
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('discoverServers: project trust', () => {
  it('reports an untrusted project file, with its servers, and uses none of them; a farther same-name entry stays', async () => {
    const options = layout({ trust: { verdict: () => 'untrusted' } });
    const project = await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: { mine: { command: 'repo-server' }, x: { command: 'y' } },
    });
    await write(options.paths.serversFile, { mcpServers: { mine: { command: 'my-server' } } });

    const config = await discoverServers(options);

    expect(stdio(config, 'mine').command).toBe('my-server');
    expect(config.servers.has('x')).toBe(false);
    expect(config.untrusted).toEqual([
      { file: project, verdict: 'untrusted', servers: ['mine', 'x'], folder: options.cwd },
    ]);
  });

  it("fills a project entry's templates with project secrets only, never the user's for a same-name server", async () => {
    const options = layout({
      env: { FROM_ENV: 'env-value' },
      secretsFor: (_server, scope): Record<string, string> =>
        scope === 'project' ? { PROJECT_ONLY: 'p' } : { GITHUB_TOKEN: 'user-secret' },
    });
    await write(path.join(options.cwd, '.mcp.json'), {
      mcpServers: {
        github: { command: 'x', env: { A: '${GITHUB_TOKEN:-none}', B: '${PROJECT_ONLY}', C: '${FROM_ENV}' } },
      },
    });

    const entry = stdio(await discoverServers(options), 'github');

    expect(entry.env).toEqual({ A: 'none', B: 'p', C: 'env-value' });
    expect(entry.scope).toBe('project');
  });
});
