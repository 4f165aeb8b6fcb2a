import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import { runCli, runCliJson } from './run-cli.js';

const VALUE = 'ghp_SECRETVALUE0123456789abcdef';

let sandbox: Sandbox;
const secretsFile = () => path.join(sandbox.toolgateHome, 'secrets.json');
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.remove());

describe('toolgate secrets', () => {
  it('stores a value read from stdin in a 0600 file and never prints it', async () => {
    const set = await runCliJson(sandbox, ['secrets', 'set', 'github', 'GITHUB_TOKEN'], { input: `${VALUE}\n` });
    expect(set.exitCode).toBe(0);
    expect(set.json).toEqual({ server: 'github', name: 'GITHUB_TOKEN', file: secretsFile() });
    expect(JSON.stringify(set.json) + set.stderr).not.toContain(VALUE);
    expect(JSON.parse(fs.readFileSync(secretsFile(), 'utf8'))).toEqual({ servers: { github: { GITHUB_TOKEN: VALUE } } });
    expect((fs.statSync(secretsFile()).mode & 0o777).toString(8)).toBe('600');

    const human = await runCli(sandbox, ['secrets', 'set', 'github', 'OTHER'], { input: 'v2' });
    expect(human.stdout).toContain('Stored OTHER for github');
    expect(human.stdout + human.stderr).not.toContain('v2');
  });

  it('lists server and variable names only', async () => {
    await runCli(sandbox, ['secrets', 'set', 'github', 'GITHUB_TOKEN'], { input: VALUE });
    await runCli(sandbox, ['secrets', 'set', 'slack', 'SLACK_TOKEN'], { input: 'xoxb-1' });
    const list = await runCliJson(sandbox, ['secrets', 'list']);
    expect(list.json).toEqual({ file: secretsFile(), servers: [{ server: 'github', names: ['GITHUB_TOKEN'] }, { server: 'slack', names: ['SLACK_TOKEN'] }] });
    const human = await runCli(sandbox, ['secrets', 'list']);
    expect(human.stdout).toBe('github: GITHUB_TOKEN\nslack: SLACK_TOKEN');
  });

  it('removes one variable or a whole server, and exits 1 when there is nothing to remove', async () => {
    await runCli(sandbox, ['secrets', 'set', 'github', 'A'], { input: '1' });
    await runCli(sandbox, ['secrets', 'set', 'github', 'B'], { input: '2' });
    expect((await runCliJson(sandbox, ['secrets', 'rm', 'github', 'A'])).json).toEqual({ server: 'github', removed: ['A'] });
    expect((await runCliJson(sandbox, ['secrets', 'rm', 'github'])).json).toEqual({ server: 'github', removed: ['B'] });
    const again = await runCliJson(sandbox, ['secrets', 'rm', 'github']);
    expect(again).toMatchObject({ exitCode: 1, json: { removed: [] } });
    expect(JSON.parse(fs.readFileSync(secretsFile(), 'utf8'))).toEqual({ servers: {} });
  });

  it('refuses a malformed server name in set and rm with a usage error', async () => {
    for (const args of [['secrets', 'set', '../evil', 'TOKEN'], ['secrets', 'rm', '../evil'], ['secrets', 'rm', 'bad name', 'TOKEN']]) {
      const run = await runCli(sandbox, args, { input: 'x' });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('Expected a server name');
    }
    expect(fs.existsSync(secretsFile())).toBe(false);
  });

  it('refuses an empty value, a bad variable name and a value given on the command line', async () => {
    expect((await runCli(sandbox, ['secrets', 'set', 'github', 'TOKEN'], { input: '' })).exitCode).toBe(2);
    expect((await runCli(sandbox, ['secrets', 'set', 'github', '1BAD'], { input: 'x' })).exitCode).toBe(2);
    expect((await runCli(sandbox, ['secrets', 'set', 'github', 'TOKEN', VALUE], { input: 'x' })).exitCode).toBe(2);
    expect(fs.existsSync(secretsFile())).toBe(false);
  });

  it('does not overwrite a secrets file it cannot parse', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(secretsFile(), '{"servers": {"github": {"A": "1"}}', { mode: 0o600 });
    const run = await runCli(sandbox, ['secrets', 'set', 'github', 'B'], { input: 'x' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Nothing was changed');
    expect(fs.readFileSync(secretsFile(), 'utf8')).toBe('{"servers": {"github": {"A": "1"}}');
  });

  it("sync reports each server's ${VAR} as stored, set in the environment or missing, and --from-env stores the set ones", async () => {
    fs.writeFileSync(
      path.join(sandbox.project, '.mcp.json'),
      JSON.stringify({
        mcpServers: {
          github: { command: 'gh-mcp', env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', LOG: '${LOG_LEVEL:-info}' } },
          api: { type: 'http', url: 'https://x.example/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } },
          off: { command: 'x', env: { K: '${OFF_KEY}' }, disabled: true },
        },
      }),
    );
    await runCli(sandbox, ['secrets', 'set', 'api', 'API_TOKEN'], { input: 'stored-api' });
    const file = path.join(sandbox.project, '.mcp.json');
    const check = await runCliJson<{ variables: unknown[]; stored: unknown[] }>(sandbox, ['secrets', 'sync'], { env: { GITHUB_TOKEN: VALUE } });
    expect(check.exitCode).toBe(0);
    expect(check.json).toEqual({
      variables: [
        { server: 'github', name: 'GITHUB_TOKEN', state: 'environment', file },
        { server: 'api', name: 'API_TOKEN', state: 'stored', file },
      ],
      stored: [],
    });
    const missing = await runCliJson<{ variables: { state: string }[] }>(sandbox, ['secrets', 'sync']);
    expect(missing.exitCode).toBe(1);
    expect(missing.json.variables.map((variable) => variable.state)).toEqual(['missing', 'stored']);

    const synced = await runCliJson(sandbox, ['secrets', 'sync', '--from-env'], { env: { GITHUB_TOKEN: VALUE } });
    expect(synced.json.stored).toEqual([{ server: 'github', name: 'GITHUB_TOKEN' }]);
    expect(JSON.stringify(synced.json)).not.toContain(VALUE);
    expect(JSON.parse(fs.readFileSync(secretsFile(), 'utf8'))).toEqual({ servers: { api: { API_TOKEN: 'stored-api' }, github: { GITHUB_TOKEN: VALUE } } });
  });
});
