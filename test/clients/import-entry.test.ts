import { describe, expect, it } from 'vitest';
import { toToolgateEntry } from '../../src/clients/import-entry.js';

const home = '/home/u';

describe('toToolgateEntry', () => {
  it('keeps a Claude entry as it is', () => {
    const entry = { command: 'npx', args: ['-y', 's'], env: { T: '${T}' }, alwaysAllow: ['x'] };
    expect(toToolgateEntry(entry, { client: 'claude', homeDir: home })).toEqual({ ok: true, entry, dropped: [] });
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
    });
  });

  it('refuses what toolgate cannot reproduce: prompted inputs, env files, a workspace folder in a user file', () => {
    expect(
      toToolgateEntry({ command: 'x', env: { K: '${input:key}' } }, { client: 'vscode', homeDir: home }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('${input:key}') as unknown as string });
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
      entry: { command: 's', env: { A: '${A}', B: '1' }, disabled: true },
      dropped: ['tool_timeout_sec'],
    });
    expect(
      toToolgateEntry(
        { url: 'https://x/mcp', http_headers: { 'X-A': '1' }, env_http_headers: { 'X-B': 'B_VAR' } },
        { client: 'codex', homeDir: home },
      ),
    ).toEqual({
      ok: true,
      entry: { type: 'http', url: 'https://x/mcp', headers: { 'X-A': '1', 'X-B': '${B_VAR}' } },
      dropped: [],
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
