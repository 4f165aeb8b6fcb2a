import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { editTomlServers } from '../../src/clients/toml-config-editor.js';
import { findTomlHeaders, parseKeyPath } from '../../src/clients/toml-headers.js';

const CONFIG = `# Codex
model = "o3"

[mcp_servers.github]
command = "npx"
args = ["-y", "server-github"]

[mcp_servers.github.env]
GITHUB_TOKEN = "x"

# the docs server
[mcp_servers."docs.v2"]
command = "docs"
notes = """
[mcp_servers.not_a_table]
"""

[profiles.fast]
model = "o4-mini"
`;

describe('editTomlServers', () => {
  it('removes a server with its sub-tables and keeps the next table’s comment', () => {
    const after = editTomlServers(CONFIG, 'c.toml', { table: 'mcp_servers', remove: ['github'] });
    expect(after).toBe(
      CONFIG.replace(
        '[mcp_servers.github]\ncommand = "npx"\nargs = ["-y", "server-github"]\n\n[mcp_servers.github.env]\nGITHUB_TOKEN = "x"\n\n',
        '',
      ),
    );
  });

  it('removes a quoted name, keeps its comment under a note, and is not fooled by a header inside a multi-line string', () => {
    const after = editTomlServers(CONFIG, 'c.toml', { table: 'mcp_servers', remove: ['docs.v2'] });
    expect(parse(after)).toEqual({
      model: 'o3',
      mcp_servers: { github: { command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN: 'x' } } },
      profiles: { fast: { model: 'o4-mini' } },
    });
    expect(after).toContain(
      '# [mcp_servers."docs.v2"] was moved to toolgate\'s server list by `toolgate setup --import`; its comments:\n# the docs server\n',
    );
  });

  it('appends a new table at the end and replaces an existing one in place', () => {
    const added = editTomlServers(CONFIG, 'c.toml', {
      table: 'mcp_servers',
      set: { name: 'toolgate', entry: { command: 'toolgate' } },
      remove: [],
    });
    expect(added).toBe(`${CONFIG}\n[mcp_servers.toolgate]\ncommand = "toolgate"\n`);
    const replaced = editTomlServers(added, 'c.toml', {
      table: 'mcp_servers',
      set: { name: 'toolgate', entry: { url: 'http://127.0.0.1:3344/mcp' } },
      remove: [],
    });
    expect(replaced).toBe(`${CONFIG}\n[mcp_servers.toolgate]\nurl = "http://127.0.0.1:3344/mcp"\n`);
  });

  it('refuses servers written as an inline table instead of writing something else', () => {
    const inline = 'mcp_servers = { a = { command = "x" } }\n';
    expect(() => editTomlServers(inline, 'c.toml', { table: 'mcp_servers', remove: ['a'] })).toThrow(
      /could not be edited safely.*Nothing was changed/,
    );
    expect(() => editTomlServers('a = [\n', 'c.toml', { table: 'mcp_servers', remove: [] })).toThrow(
      /not valid TOML at line/,
    );
  });
});

describe('TOML header scanning', () => {
  it('parses bare, quoted and literal keys, and skips headers inside multi-line strings', () => {
    expect(parseKeyPath(` a . "b.c" . 'd' `)).toEqual(['a', 'b.c', 'd']);
    expect(parseKeyPath('a b')).toBeUndefined();
    expect(findTomlHeaders(CONFIG.split('\n')).map((header) => header.keys.join('/'))).toEqual([
      'mcp_servers/github',
      'mcp_servers/github/env',
      'mcp_servers/docs.v2',
      'profiles/fast',
    ]);
  });
});
