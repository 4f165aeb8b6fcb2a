import { describe, expect, it } from 'vitest';
import { toToolgateEntry } from '../../src/clients/import-entry.js';

const home = '/home/u';

describe('toToolgateEntry', () => {
  it('keeps a Claude entry as it is', () => {
    const entry = { command: 'npx', args: ['-y', 's'], env: { T: '${T}' }, alwaysAllow: ['x'] };
    expect(toToolgateEntry(entry, { client: 'claude', homeDir: home })).toEqual({
      ok: true,
      entry,
      dropped: [],
      notes: [],
    });
  });

  it("rewrites the editors' ${env:VAR}, ${userHome} and ${workspaceFolder}", () => {
    const raw = {
      type: 'stdio',
      command: '${workspaceFolder}/bin/s',
      args: ['${userHome}/data'],
      env: { K: '${env:API_KEY}' },
    };
    expect(toToolgateEntry(raw, { client: 'vscode', homeDir: home, workspaceFolder: '/p' })).toEqual({
      ok: true,
      entry: { type: 'stdio', command: '/p/bin/s', args: ['/home/u/data'], env: { K: '${API_KEY}' } },
      dropped: [],
      notes: [],
    });
  });

  it("imports a VS Code ${input:...} prompt as a variable toolgate's secrets fill, with a note naming the command", () => {
    expect(
      toToolgateEntry(
        { type: 'stdio', command: 'x', env: { K: '${input:github-token}' }, args: ['--key=${input:github-token}'] },
        { client: 'vscode', homeDir: home, name: 'github' },
      ),
    ).toEqual({
      ok: true,
      entry: { type: 'stdio', command: 'x', env: { K: '${GITHUB_TOKEN}' }, args: ['--key=${GITHUB_TOKEN}'] },
      dropped: [],
      notes: [
        'the editor prompted for ${input:github-token}; toolgate reads ${GITHUB_TOKEN} instead: store it with `toolgate secrets set github GITHUB_TOKEN` (until then the server is disabled and says so)',
      ],
    });
  });

  it('refuses what toolgate cannot reproduce: env files, a workspace folder in a user file, other editor variables', () => {
    expect(
      toToolgateEntry({ command: 'x', env: { K: '${command:pickFile}' } }, { client: 'vscode', homeDir: home }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('${command:pickFile}') as unknown as string });
    expect(toToolgateEntry({ command: 'x', envFile: '.env' }, { client: 'vscode', homeDir: home })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('envFile') as unknown as string,
    });
    expect(toToolgateEntry({ command: '${workspaceFolder}/x' }, { client: 'cursor', homeDir: home })).toMatchObject({
      ok: false,
    });
  });

  it('turns Codex keys into env and headers, and names the keys it drops', () => {
    expect(
      toToolgateEntry(
        { command: 's', env_vars: ['A'], env: { B: '1' }, tool_timeout_sec: 30, enabled: false },
        { client: 'codex', homeDir: home },
      ),
    ).toEqual({
      ok: true,
      // Passed through when set, as Codex does; unset, the server still starts (a plain ${A} would disable it).
      entry: { command: 's', env: { A: '${A:-}', B: '1' }, timeout_ms: 30_000, disabled: true },
      dropped: [],
      notes: [],
    });
    expect(
      toToolgateEntry(
        {
          url: 'https://x/mcp',
          http_headers: { 'X-A': '1' },
          env_http_headers: { 'X-B': 'B_VAR' },
          startup_timeout_sec: 12.5,
          enabled_tools: ['a'],
        },
        { client: 'codex', homeDir: home },
      ),
    ).toEqual({
      ok: true,
      entry: {
        type: 'http',
        url: 'https://x/mcp',
        headers: { 'X-A': '1', 'X-B': '${B_VAR}' },
        startup_timeout_ms: 12_500,
      },
      dropped: ['enabled_tools'],
      notes: [],
    });
  });

  it('refuses an entry toolgate would not accept, saying which field', () => {
    expect(toToolgateEntry({ args: ['x'] }, { client: 'claude', homeDir: home })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('command') as unknown as string,
    });
    expect(toToolgateEntry({ type: 'local', command: [] }, { client: 'opencode', homeDir: home })).toMatchObject({
      ok: false,
    });
  });
});
