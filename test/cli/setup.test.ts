import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { parse as parseJsonc } from 'jsonc-parser';
import { createSandbox, ROOT, TOOLGATE_BIN, type Sandbox } from '../support/gateway-process.js';
import { runCli, runCliJson } from './run-cli.js';

interface SetupJson {
  client: string;
  mode: string;
  file: string;
  entry: Record<string, unknown>;
  snippet: string;
  written: boolean;
  changed: boolean;
  backup: string | null;
  import: null | {
    servers_file: string;
    moved: string[];
    kept: { name: string; reason: string }[];
    servers_backup: string | null;
    notes: Record<string, string[]>;
  };
}

/** A client file in that client's current format, from test/fixtures/clients, with __PROJECT__ filled in. */
const clientFixture = (name: string, project = '') =>
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'clients', name), 'utf8').replaceAll('__PROJECT__', project);
const readServersFile = (file: string) =>
  (JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers: Record<string, unknown> }).mcpServers;

// Entries written in a hand-made style (one-liners, odd spacing, a comment) that a reformatting editor would change.
const GITHUB = `"github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],  "env": { "GITHUB_TOKEN": "\${GITHUB_TOKEN}" } }`;
const MEMORY = `"memory": {"command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}`;
const CLAUDE_JSON = `{
  "numStartups": 41,
  // Claude Code keeps other state here too
  "mcpServers": {
    ${GITHUB},
    ${MEMORY}
  },
  "projects": { "/work": { "allowedTools": [] } }
}
`;

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.remove());

const claudeFile = () => path.join(sandbox.home, '.claude.json');
const backupsOf = (file: string) =>
  fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(`${path.basename(file)}.toolgate-backup-`));

describe('toolgate setup without --write', () => {
  it("prints the entry and the client's file and changes nothing", async () => {
    fs.writeFileSync(claudeFile(), CLAUDE_JSON);
    const { exitCode, json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'claude', '--mode', 'stdio']);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({
      client: 'claude',
      mode: 'stdio',
      file: claudeFile(),
      written: false,
      backup: null,
      import: null,
    });
    expect(json.entry).toEqual({
      type: 'stdio',
      command: 'node',
      args: [TOOLGATE_BIN],
      env: { TOOLGATE_HOME: sandbox.toolgateHome },
    });
    expect(JSON.parse(json.snippet)).toEqual({ mcpServers: { toolgate: json.entry } });
    expect(fs.readFileSync(claudeFile(), 'utf8')).toBe(CLAUDE_JSON);
    expect(backupsOf(claudeFile())).toEqual([]);
  });

  it.each([
    ['claude-desktop', '.config/Claude/claude_desktop_config.json', 'mcpServers'],
    ['cursor', '.cursor/mcp.json', 'mcpServers'],
    ['opencode', '.config/opencode/opencode.json', 'mcp'],
  ])('targets %s at ~/%s under "%s"', async (client, file, key) => {
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', client]);
    expect(json.file).toBe(path.join(sandbox.home, file));
    expect(Object.keys(JSON.parse(json.snippet) as object)).toEqual([key]);
  });

  it('targets VS Code at the project .vscode/mcp.json with a typed entry under "servers"', async () => {
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'vscode', '--mode', 'http'], {
      env: { TOOLGATE_AUTH_TOKEN: 'a'.repeat(32) },
    });
    expect(json.file).toBe(path.join(sandbox.project, '.vscode', 'mcp.json'));
    expect(json.entry).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:3344/mcp',
      headers: { Authorization: 'Bearer ${env:TOOLGATE_AUTH_TOKEN}' },
    });
  });

  it('gives each client its own spelling of the HTTP entry and of the token reference, never the token', async () => {
    const token = 'b'.repeat(32);
    const entries = await Promise.all(
      ['claude', 'cursor', 'opencode', 'codex'].map(
        async (client) =>
          (
            await runCliJson<SetupJson>(sandbox, ['setup', '--client', client, '--mode', 'http'], {
              env: { TOOLGATE_PORT: '4455', TOOLGATE_AUTH_TOKEN: token },
            })
          ).json.entry,
      ),
    );
    expect(JSON.stringify(entries)).not.toContain(token);
    const url = 'http://127.0.0.1:4455/mcp';
    expect(entries).toEqual([
      { type: 'http', url, headers: { Authorization: 'Bearer ${TOOLGATE_AUTH_TOKEN}' } },
      { url, headers: { Authorization: 'Bearer ${env:TOOLGATE_AUTH_TOKEN}' } },
      { type: 'remote', url, enabled: true, headers: { Authorization: 'Bearer {env:TOOLGATE_AUTH_TOKEN}' } },
      { url, bearer_token_env_var: 'TOOLGATE_AUTH_TOKEN' },
    ]);
  });

  it("without TOOLGATE_AUTH_TOKEN, a user file gets the service's generated token itself; a project file names the variable", async () => {
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'codex', '--mode', 'http']);
    const token = fs.readFileSync(path.join(sandbox.toolgateHome, 'http-token'), 'utf8').trim();
    expect(json.entry).toEqual({
      url: 'http://127.0.0.1:3344/mcp',
      http_headers: { Authorization: `Bearer ${token}` },
    });
    const project = await runCli(sandbox, ['setup', '--client', 'vscode', '--mode', 'http']);
    expect(project.stdout).toContain('${env:TOOLGATE_AUTH_TOKEN}');
    expect(project.stdout).not.toContain(token);
    expect(project.stdout).toContain(
      `export TOOLGATE_AUTH_TOKEN="$(cat ${path.join(sandbox.toolgateHome, 'http-token')})"`,
    );
  });

  it('refuses HTTP mode for Claude Desktop with exit 2 and says to use stdio', async () => {
    const run = await runCli(sandbox, ['setup', '--client', 'claude-desktop', '--mode', 'http']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--mode stdio');
  });

  it('answers an unknown client and --import without --write with exit 2', async () => {
    expect((await runCli(sandbox, ['setup', '--client', 'emacs'])).exitCode).toBe(2);
    expect((await runCli(sandbox, ['setup', '--client', 'claude', '--import'])).exitCode).toBe(2);
  });
});

describe('toolgate setup --write', () => {
  it('adds toolgate and keeps every other entry byte for byte, with a backup of the old file', async () => {
    fs.writeFileSync(claudeFile(), CLAUDE_JSON);
    const { exitCode, json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'claude', '--write']);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({ written: true, changed: true });
    const after = fs.readFileSync(claudeFile(), 'utf8');
    for (const text of [
      GITHUB,
      MEMORY,
      '// Claude Code keeps other state here too',
      '"projects": { "/work": { "allowedTools": [] } }',
      '"numStartups": 41',
    ])
      expect(after).toContain(text);
    // Everything up to the last old entry is untouched; only the new entry was inserted after it.
    expect(after.startsWith(CLAUDE_JSON.slice(0, CLAUDE_JSON.indexOf(MEMORY) + MEMORY.length))).toBe(true);
    expect(
      (JSON.parse(after.replace(/^\s*\/\/.*$/m, '')) as { mcpServers: Record<string, unknown> }).mcpServers.toolgate,
    ).toEqual(json.entry);
    expect(json.backup).toMatch(/\.claude\.json\.toolgate-backup-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(fs.readFileSync(json.backup!, 'utf8')).toBe(CLAUDE_JSON);
  });

  it('leaves the file alone when the entry is already there', async () => {
    fs.writeFileSync(claudeFile(), CLAUDE_JSON);
    await runCli(sandbox, ['setup', '--client', 'claude', '--write']);
    const once = fs.readFileSync(claudeFile(), 'utf8');
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'claude', '--write']);
    expect(json).toMatchObject({ written: true, changed: false, backup: null });
    expect(fs.readFileSync(claudeFile(), 'utf8')).toBe(once);
    expect(backupsOf(claudeFile())).toHaveLength(1);
  });

  it('creates a missing file with only the entry', async () => {
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'cursor', '--write']);
    expect(json).toMatchObject({ written: true, changed: true, backup: null });
    expect(JSON.parse(fs.readFileSync(json.file, 'utf8'))).toEqual({ mcpServers: { toolgate: json.entry } });
  });

  it('refuses a file that is not valid JSON with exit 1 and changes nothing', async () => {
    fs.writeFileSync(claudeFile(), '{ "mcpServers": { "a": 1 ');
    const run = await runCli(sandbox, ['setup', '--client', 'claude', '--write']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('is not valid JSON');
    expect(fs.readFileSync(claudeFile(), 'utf8')).toBe('{ "mcpServers": { "a": 1 ');
    expect(backupsOf(claudeFile())).toEqual([]);
  });

  it('edits the Codex TOML file in place, keeping its other tables and comments', async () => {
    const codex = path.join(sandbox.home, '.codex', 'config.toml');
    const original =
      '# my codex settings\nmodel = "o3"\n\n[mcp_servers.docs]\ncommand = "docs-server" # local build\nargs = ["--stdio"]\n\n[profiles.fast]\nmodel = "o4-mini"\n';
    fs.mkdirSync(path.dirname(codex), { recursive: true });
    fs.writeFileSync(codex, original);
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'codex', '--write']);
    const after = fs.readFileSync(codex, 'utf8');
    expect(after.startsWith(original)).toBe(true);
    expect(parseToml(after)).toMatchObject({
      model: 'o3',
      mcp_servers: { docs: { command: 'docs-server' }, toolgate: json.entry },
      profiles: { fast: { model: 'o4-mini' } },
    });
    expect(fs.readFileSync(json.backup!, 'utf8')).toBe(original);
  });
});

describe('toolgate setup --write --import', () => {
  it("moves the client's other servers into toolgate's servers.json so the client loads only toolgate", async () => {
    fs.writeFileSync(claudeFile(), CLAUDE_JSON);
    const { exitCode, json } = await runCliJson<SetupJson>(sandbox, [
      'setup',
      '--client',
      'claude',
      '--write',
      '--import',
    ]);
    expect(exitCode).toBe(0);
    expect(json.import).toMatchObject({
      servers_file: path.join(sandbox.toolgateHome, 'servers.json'),
      moved: ['github', 'memory'],
      kept: [],
      servers_backup: null,
    });
    const client = JSON.parse(fs.readFileSync(claudeFile(), 'utf8').replace(/^\s*\/\/.*$/m, '')) as Record<
      string,
      unknown
    >;
    expect(client).toEqual({
      numStartups: 41,
      mcpServers: { toolgate: json.entry },
      projects: { '/work': { allowedTools: [] } },
    });
    const servers = JSON.parse(fs.readFileSync(json.import!.servers_file, 'utf8')) as {
      mcpServers: Record<string, unknown>;
    };
    expect(servers.mcpServers).toEqual({
      github: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        env: { GITHUB_TOKEN: '${GITHUB_TOKEN}' },
      },
      memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
    });
    expect((fs.statSync(json.import!.servers_file).mode & 0o777).toString(8)).toBe('600');
    expect(fs.readFileSync(json.backup!, 'utf8')).toBe(CLAUDE_JSON);
  });

  it('keeps an entry in the client file when servers.json has a different one of that name', async () => {
    fs.writeFileSync(claudeFile(), CLAUDE_JSON);
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    const mine = '{\n  "mcpServers": {\n    "memory": { "command": "my-memory" }\n  }\n}\n';
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), mine);
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'claude', '--write', '--import']);
    expect(json.import!.moved).toEqual(['github']);
    expect(json.import!.kept).toEqual([
      { name: 'memory', reason: expect.stringContaining('different server named "memory"') as unknown as string },
    ]);
    expect(fs.readFileSync(claudeFile(), 'utf8')).toContain(MEMORY);
    expect(fs.readFileSync(json.import!.servers_backup!, 'utf8')).toBe(mine);
    expect(fs.readFileSync(path.join(sandbox.toolgateHome, 'servers.json'), 'utf8')).toContain(
      '"memory": { "command": "my-memory" }',
    );
  });

  it('keeps in the client file a server whose name toolgate refuses, and imports one named like an Object method', async () => {
    const odd = JSON.stringify(
      { mcpServers: { 'my server': { command: 'a' }, constructor: { command: 'b' } } },
      null,
      2,
    );
    fs.writeFileSync(claudeFile(), odd);
    const { exitCode, json } = await runCliJson<SetupJson>(sandbox, [
      'setup',
      '--client',
      'claude',
      '--write',
      '--import',
    ]);
    expect(exitCode).toBe(0);
    expect(json.import!.moved).toEqual(['constructor']);
    expect(json.import!.kept).toEqual([
      { name: 'my server', reason: expect.stringContaining('refuses server names') as unknown as string },
    ]);
    expect(JSON.parse(fs.readFileSync(claudeFile(), 'utf8')).mcpServers['my server']).toEqual({ command: 'a' });
  });

  it("converts OpenCode's local and remote entries into toolgate's format", async () => {
    const file = path.join(sandbox.home, '.config', 'opencode', 'opencode.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        $schema: 'https://opencode.ai/config.json',
        theme: 'dark',
        mcp: {
          fs: {
            type: 'local',
            command: ['npx', '-y', 'server-fs', '/tmp'],
            environment: { LOG: '{env:LOG_LEVEL}' },
            enabled: false,
          },
          api: {
            type: 'remote',
            url: 'https://api.example.com/mcp',
            headers: { Authorization: 'Bearer {env:API_TOKEN}' },
          },
          secretfile: { type: 'local', command: ['x'], environment: { KEY: '{file:~/.key}' } },
        },
      }),
    );
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'opencode', '--write', '--import']);
    expect(json.import!.moved).toEqual(['fs', 'api']);
    expect(json.import!.kept.map((kept) => kept.name)).toEqual(['secretfile']);
    const servers = JSON.parse(fs.readFileSync(json.import!.servers_file, 'utf8')) as {
      mcpServers: Record<string, unknown>;
    };
    expect(servers.mcpServers).toEqual({
      fs: { command: 'npx', args: ['-y', 'server-fs', '/tmp'], env: { LOG: '${LOG_LEVEL}' }, disabled: true },
      api: { url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } },
    });
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as { theme: string; mcp: Record<string, unknown> };
    expect(after.theme).toBe('dark');
    expect(Object.keys(after.mcp)).toEqual(['secretfile', 'toolgate']);
  });

  it('moves Codex tables out of config.toml and keeps the rest of the file', async () => {
    const codex = path.join(sandbox.home, '.codex', 'config.toml');
    fs.mkdirSync(path.dirname(codex), { recursive: true });
    fs.writeFileSync(
      codex,
      'model = "o3"\n\n# search docs\n[mcp_servers.docs]\ncommand = "docs-server"\nenv_vars = ["DOCS_KEY"]\n\n[mcp_servers.docs.env]\nMODE = "fast"\n\n[mcp_servers.remote]\nurl = "https://r.example.com/mcp"\nbearer_token_env_var = "R_TOKEN"\n',
    );
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'codex', '--write', '--import']);
    expect(json.import!.moved).toEqual(['docs', 'remote']);
    const after = fs.readFileSync(codex, 'utf8');
    expect(parseToml(after)).toEqual({ model: 'o3', mcp_servers: { toolgate: json.entry } });
    expect(after).toContain('# search docs');
    const servers = JSON.parse(fs.readFileSync(json.import!.servers_file, 'utf8')) as {
      mcpServers: Record<string, unknown>;
    };
    expect(servers.mcpServers).toEqual({
      docs: { command: 'docs-server', env: { DOCS_KEY: '${DOCS_KEY:-}', MODE: 'fast' } },
      remote: { type: 'http', url: 'https://r.example.com/mcp', headers: { Authorization: 'Bearer ${R_TOKEN}' } },
    });
  });

  it("imports Claude Code's local-scope servers of this project, and lists other projects' as kept", async () => {
    fs.writeFileSync(claudeFile(), clientFixture('claude.json', sandbox.project));
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'claude', '--write', '--import']);
    // The local scope wins over the user scope for a name in both, as in Claude Code.
    expect(json.import!.moved).toEqual(['sqlite', 'memory']);
    expect(json.import!.kept).toEqual([
      {
        name: 'memory',
        reason: expect.stringContaining(`projects.${sandbox.project}.mcpServers`) as unknown as string,
      },
      { name: 'playwright', reason: expect.stringContaining('only in /elsewhere/app') as unknown as string },
    ]);
    const servers = readServersFile(json.import!.servers_file);
    expect(servers.memory).toMatchObject({ args: ['-y', '@modelcontextprotocol/server-memory@2025.1.0'] });
    expect(servers.sqlite).toMatchObject({ command: 'uvx' });
    const after = JSON.parse(fs.readFileSync(claudeFile(), 'utf8')) as {
      numStartups: number;
      mcpServers: Record<string, unknown>;
      projects: Record<string, { mcpServers: Record<string, unknown>; hasTrustDialogAccepted?: boolean }>;
    };
    expect(after.numStartups).toBe(12);
    expect(Object.keys(after.mcpServers)).toEqual(['memory', 'toolgate']);
    expect(after.projects[sandbox.project]).toMatchObject({ mcpServers: {}, hasTrustDialogAccepted: true });
    expect(Object.keys(after.projects['/elsewhere/app']!.mcpServers)).toEqual(['playwright']);
  });

  it('moves Codex tables of a real config.toml, passes env_vars through, and keeps every comment', async () => {
    const codex = path.join(sandbox.home, '.codex', 'config.toml');
    fs.mkdirSync(path.dirname(codex), { recursive: true });
    fs.writeFileSync(codex, clientFixture('codex-config.toml'));
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'codex', '--write', '--import']);
    expect(json.import!.moved).toEqual(['docs']);
    const after = fs.readFileSync(codex, 'utf8');
    expect(parseToml(after)).toEqual({
      model: 'gpt-5-codex',
      approval_policy: 'on-request',
      profiles: { ci: { model: 'gpt-5-codex-mini' } },
      mcp_servers: { toolgate: json.entry },
    });
    for (const comment of [
      '# Codex configuration',
      '# Docs search: needs DOCS_KEY from the shell',
      '# (ask the platform team for one)',
      '# keep this in sync with the docs team',
      '# Profiles below are for the CI runner\n[profiles.ci]',
    ])
      expect(after).toContain(comment);
    expect(readServersFile(json.import!.servers_file).docs).toEqual({
      command: 'docs-server',
      args: ['--stdio'],
      env: { DOCS_KEY: '${DOCS_KEY:-}', MODE: 'fast' },
      startup_timeout_ms: 20_000,
    });
    // The doctor of that toolgate home does not call the server disabled with DOCS_KEY unset.
    const doctor = await runCliJson<{ checks: { id: string; subject?: string }[] }>(sandbox, ['doctor']);
    expect(doctor.json.checks.filter((check) => check.id === 'server-disabled')).toEqual([]);
  });

  it('imports a VS Code server that prompts for an input, with the secrets command to run', async () => {
    const file = path.join(sandbox.project, '.vscode', 'mcp.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, clientFixture('vscode-mcp.json'));
    const run = await runCli(sandbox, ['setup', '--client', 'vscode', '--write', '--import']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('toolgate secrets set github GITHUB_TOKEN');
    const servers = JSON.parse(fs.readFileSync(path.join(sandbox.toolgateHome, 'servers.json'), 'utf8')) as {
      mcpServers: Record<string, { env: Record<string, string> }>;
    };
    expect(servers.mcpServers.github!.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_TOKEN}' });
    const after = parseJsonc(fs.readFileSync(file, 'utf8')) as { servers: Record<string, unknown>; inputs: unknown[] };
    expect(Object.keys(after.servers)).toEqual(['toolgate']);
    expect(after.inputs).toHaveLength(1);
  });

  it('reads and writes OpenCode V2 files (mcp.servers, disabled instead of enabled)', async () => {
    const file = path.join(sandbox.home, '.config', 'opencode', 'opencode.jsonc');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, clientFixture('opencode-v2.jsonc'));
    const { json } = await runCliJson<SetupJson>(sandbox, ['setup', '--client', 'opencode', '--write', '--import']);
    expect(json.file).toBe(file);
    expect(json.import!.moved).toEqual(['everything', 'context7']);
    expect(readServersFile(json.import!.servers_file)).toEqual({
      everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] },
      context7: { url: 'https://mcp.context7.com/mcp', disabled: true },
    });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('// V2 keeps servers under mcp.servers');
    const after = parseJsonc(text) as { mcp: { servers: Record<string, Record<string, unknown>> } };
    expect(Object.keys(after.mcp)).toEqual(['servers']);
    expect(after.mcp.servers).toEqual({ toolgate: json.entry });
    expect(json.entry).toMatchObject({ type: 'local', command: expect.any(Array) as unknown as string[] });
    expect(json.entry).not.toHaveProperty('enabled');
  });
});
