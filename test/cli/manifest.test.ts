import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createSandbox, gatewayEnv, TOOLGATE_BIN, trustProjectFile, type Sandbox } from '../support/gateway-process.js';
import { runCli, runCliJson } from './run-cli.js';

interface ListRow {
  name: string;
  category: string;
  run: string;
  package?: string;
  installed: boolean;
  configured_as?: string;
  credentials: { required: string[]; missing: string[] };
}
interface ListJson {
  file: string;
  count: number;
  servers: ListRow[];
}
interface ValidateJson {
  file: string;
  ok: boolean;
  servers?: number;
  issues: { server?: string; field: string; line?: number; message: string }[];
}

const BROKEN_MANIFEST = `version: 1
servers:
  - name: broken-one
    description: A server pinned to a range instead of one version.
    category: files
    keywords: [test]
    transport: stdio
    npm: { package: "@scope/pkg", version: "^1.2.0" }
    homepage: https://example.com
`;

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.remove());

describe('toolgate manifest list', () => {
  it('lists every manifest server as JSON, with memory among them and not installed', async () => {
    const { exitCode, json } = await runCliJson<ListJson>(sandbox, ['manifest', 'list']);
    expect(exitCode).toBe(0);
    expect(json.count).toBeGreaterThanOrEqual(90);
    expect(json.servers).toHaveLength(json.count);
    expect(json.file).toMatch(/servers\.yaml$/);
    expect(json.servers.find((row) => row.name === 'memory')).toMatchObject({
      category: 'memory',
      run: 'npm',
      package: '@modelcontextprotocol/server-memory',
      installed: false,
      credentials: { required: [], missing: [] },
    });
    expect(json.servers.find((row) => row.name === 'filesystem')?.credentials).toEqual({
      required: ['FILESYSTEM_ROOT'],
      missing: ['FILESYSTEM_ROOT'],
    });
  });

  it('counts a server configured under another name running the same package as installed, and a credential set in the environment as present', async () => {
    const file = path.join(sandbox.project, '.mcp.json');
    const text = JSON.stringify({
      mcpServers: { kg: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@1.0.0'] } },
    });
    fs.writeFileSync(file, text);
    trustProjectFile(sandbox, file, text);
    const { json } = await runCliJson<ListJson>(sandbox, ['manifest', 'list'], {
      env: { FILESYSTEM_ROOT: sandbox.project },
    });
    expect(json.servers.find((row) => row.name === 'memory')).toMatchObject({ installed: true, configured_as: 'kg' });
    expect(json.servers.find((row) => row.name === 'filesystem')?.credentials.missing).toEqual([]);
  });

  it('keeps only the servers of the category given, and prints a readable table without --json', async () => {
    const { json } = await runCliJson<ListJson>(sandbox, ['manifest', 'list', '--category', 'memory']);
    expect(json.count).toBeGreaterThan(0);
    expect(json.servers.every((row) => row.category === 'memory')).toBe(true);
    const run = await runCli(sandbox, ['manifest', 'list', '--category', 'memory']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^memory\s+memory\s+npm\s+no/m);
  });

  it('stops quietly when the reader of its output is gone (| head, | true)', async () => {
    // `true` exits before toolgate has started, so every write meets a closed pipe (EPIPE).
    const run = await execa(
      'bash',
      ['-c', `"${process.execPath}" "${TOOLGATE_BIN}" manifest list | true; echo "exit \${PIPESTATUS[0]}"`],
      { env: gatewayEnv(sandbox), extendEnv: false, reject: false, cwd: sandbox.project },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('exit 0');
  });

  it('refuses an unknown category as a usage error (exit 2) that lists the categories', async () => {
    const run = await runCli(sandbox, ['manifest', 'list', '--category', 'nope', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('"nope"');
    expect(run.stderr).toContain('database');
  });
});

describe('toolgate manifest validate', () => {
  it('finds no problem in the shipped manifest (exit 0)', async () => {
    const { exitCode, json } = await runCliJson<ValidateJson>(sandbox, ['manifest', 'validate']);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({ ok: true, issues: [] });
    expect(json.servers).toBeGreaterThanOrEqual(90);
  });

  it('names the server, field and line of a problem in a broken manifest (exit 1)', async () => {
    const file = path.join(sandbox.project, 'broken.yaml');
    fs.writeFileSync(file, BROKEN_MANIFEST);
    const { exitCode, json } = await runCliJson<ValidateJson>(sandbox, ['manifest', 'validate', 'broken.yaml']);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ file, ok: false });
    expect(json.issues).toEqual([expect.objectContaining({ server: 'broken-one', field: 'npm.version', line: 8 })]);
    expect(json.issues[0]!.message).toContain('exact version');
    const run = await runCli(sandbox, ['manifest', 'validate', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('server "broken-one", field npm.version (line 8)');
  });

  it('reports a YAML syntax error with its line (exit 1)', async () => {
    fs.writeFileSync(path.join(sandbox.project, 'bad.yaml'), 'version: 1\nservers: [\n  - name: a\n');
    const { exitCode, json } = await runCliJson<ValidateJson>(sandbox, ['manifest', 'validate', 'bad.yaml']);
    expect(exitCode).toBe(1);
    expect(json.issues).toEqual([
      expect.objectContaining({
        field: '(document)',
        message: expect.stringMatching(/not valid YAML at line \d+/) as unknown as string,
      }),
    ]);
  });

  it('fails with the path when the file does not exist (exit 1)', async () => {
    const run = await runCli(sandbox, ['manifest', 'validate', 'missing.yaml']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(path.join(sandbox.project, 'missing.yaml'));
    expect(run.stderr).toContain('ENOENT');
  });
});
