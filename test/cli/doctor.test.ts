import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, fixture, trustProjectFile, waitForExit, type Sandbox } from '../support/gateway-process.js';
import { startHttpGateway } from '../support/http-gateway.js';
import { runCli, runCliJson } from './run-cli.js';

interface DoctorJson {
  ok: boolean;
  checks: { id: string; status: 'ok' | 'warn' | 'fail'; message: string; fix?: string; subject?: string }[];
}

let sandbox: Sandbox;
let env: Record<string, string>;

/** A port nothing listens on, so the probe's answer does not depend on what else runs on 3344. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(async () => {
  sandbox = createSandbox();
  env = { TOOLGATE_PORT: String(await freePort()) };
});
afterEach(() => sandbox.remove());

const byId = (report: DoctorJson, id: string) => report.checks.filter((check) => check.id === id);

describe('toolgate doctor', () => {
  it('passes on a clean sandbox (exit 0, warnings allowed) and reports every kind of check', async () => {
    const { exitCode, json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], { env });
    expect(exitCode).toBe(0);
    expect(json.ok).toBe(true);
    expect(json.checks.filter((check) => check.status === 'fail')).toEqual([]);
    const ids = new Set(json.checks.map((check) => check.id));
    for (const id of [
      'node-version',
      'servers',
      'policy',
      'manifest',
      'secrets-file',
      'lock',
      'http-port',
      'auth-token',
      'tool-names',
      'client-names',
      'surface-tokens',
    ])
      expect(ids).toContain(id);
    expect(byId(json, 'servers')[0]).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('toolgate setup') as unknown as string,
    });
    expect(byId(json, 'surface-tokens')[0]!.message).toMatch(/exposed tools cost [\d,]+ o200k tokens; budget 1,200/);
    expect(byId(json, 'client-names').map((check) => check.subject)).toEqual([
      'claude',
      'claude-desktop',
      'cursor',
      'vscode',
      'opencode',
      'codex',
    ]);
    for (const check of json.checks)
      expect(Object.keys(check).every((key) => ['id', 'status', 'message', 'fix', 'subject'].includes(key))).toBe(true);
  });

  it('fails with exit 1 on a config file that is not valid JSON, naming the file and line', async () => {
    fs.writeFileSync(
      path.join(sandbox.project, '.mcp.json'),
      '{\n  "mcpServers": {\n    "a": { "command": "x" },\n  }\n}\n',
    );
    const { exitCode, json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], { env });
    expect(exitCode).toBe(1);
    expect(json.ok).toBe(false);
    const failed = byId(json, 'config-file').find((check) => check.status === 'fail');
    expect(failed?.message).toContain(path.join(sandbox.project, '.mcp.json'));
    expect(failed?.message).toContain('line 4');
  });

  it('fails with exit 1 on a policy file that does not parse', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), 'tools:\n  deny_list: ["*"]\n');
    const { exitCode, json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], { env });
    expect(exitCode).toBe(1);
    expect(byId(json, 'policy')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('deny_list') as unknown as string,
    });
  });

  it('fails a server whose command is not on PATH and passes one that is', async () => {
    const file = path.join(sandbox.project, '.mcp.json');
    const text = JSON.stringify({
      mcpServers: {
        good: { command: 'node', args: ['x.js'] },
        bad: { command: 'surely-not-installed-mcp' },
        off: { command: 'npx', disabled: true },
        broken: { command: 42 },
      },
    });
    fs.writeFileSync(file, text);
    trustProjectFile(sandbox, file, text);
    const { exitCode, json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], {
      env: { ...env, PATH: path.dirname(process.execPath) },
    });
    expect(exitCode).toBe(1);
    expect(byId(json, 'server-command')).toEqual([
      expect.objectContaining({ subject: 'good', status: 'ok' }),
      expect.objectContaining({
        subject: 'bad',
        status: 'fail',
        message: expect.stringContaining('not found on PATH') as unknown as string,
      }),
    ]);
    expect(byId(json, 'server-disabled')).toEqual([expect.objectContaining({ subject: 'broken', status: 'warn' })]);
    expect(byId(json, 'servers')[0]!.message).toContain('off ("disabled": true');
  });

  it('probes the HTTP service the running gateway serves, whatever port TOOLGATE_PORT names', async () => {
    const service = await startHttpGateway({ sandbox, token: null });
    try {
      const { json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], { env });
      expect(byId(json, 'lock')[0]).toMatchObject({
        status: 'ok',
        message: expect.stringContaining(`pid ${service.pid}`) as unknown as string,
      });
      expect(byId(json, 'http-port')[0]).toMatchObject({
        status: 'ok',
        message: `the running gateway's HTTP service answers at ${service.url}`,
      });
    } finally {
      await service.stop();
    }
  });

  it('asks the running gateway and fails a server that exited 3, quoting its exit code and stderr', async () => {
    const service = await startHttpGateway({
      sandbox,
      token: null,
      servers: { broken: fixture('exit-at-once.mjs', { FIXTURE_EXIT_CODE: '3' }) },
    });
    try {
      // One call makes the gateway start the server, which exits at once: the pool then holds it as failed.
      const client = await service.connect();
      await client.callTool({ name: 'gateway_invoke', arguments: { tool_id: 'broken::anything' } });
      const { exitCode, json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], { env });
      expect(exitCode).toBe(1);
      expect(json.ok).toBe(false);
      // The command exists, so the static check passes; only the running gateway knows it failed.
      expect(byId(json, 'server-command')).toEqual([expect.objectContaining({ subject: 'broken', status: 'ok' })]);
      const running = byId(json, 'server-running');
      expect(running).toEqual([expect.objectContaining({ subject: 'broken', status: 'fail' })]);
      expect(running[0]!.message).toContain(`failed in the running gateway (pid ${service.pid})`);
      expect(running[0]!.message).toContain('code 3');
      expect(running[0]!.message.match(/fatal: missing config/g)).toHaveLength(1);
      expect(running[0]!.fix).toContain('toolgate refresh --server broken');
      const table = await runCli(sandbox, ['doctor'], { env });
      expect(table.stdout).toMatch(/^FAIL\s+server-running broken\s+broken: failed .*fatal: missing config/m);
    } finally {
      await service.stop();
    }
  });

  it("names another TOOLGATE_HOME's gateway, with its pid and home, when it holds the HTTP port", async () => {
    const other = createSandbox();
    const service = await startHttpGateway({ sandbox: other, token: null });
    try {
      const { json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], {
        env: { TOOLGATE_PORT: String(service.port) },
      });
      const port = byId(json, 'http-port')[0]!;
      expect(port.status).toBe('warn');
      expect(port.message).toContain(
        `port ${service.port} is in use by another toolgate gateway (pid ${service.pid}, TOOLGATE_HOME ${other.toolgateHome})`,
      );
      expect(port.fix).toContain(`TOOLGATE_HOME=${other.toolgateHome}`);
    } finally {
      await service.stop();
      other.remove();
    }
  });

  it('names the pid and command of a plain program that holds the HTTP port', async () => {
    const script =
      "const s = require('node:net').createServer((c) => c.destroy()); s.listen(0, '127.0.0.1', () => console.log(s.address().port)); process.stdin.on('end', () => process.exit(0)); process.stdin.resume();";
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        holder.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        holder.once('exit', (code) => reject(new Error(`the port holder exited with ${code}`)));
      });
      const { json } = await runCliJson<DoctorJson>(sandbox, ['doctor'], { env: { TOOLGATE_PORT: String(port) } });
      const found = byId(json, 'http-port')[0]!;
      expect(found.status).toBe('warn');
      expect(found.message).toContain(
        `port ${port} is in use by another program, pid ${holder.pid}: ${process.execPath} -e`,
      );
      expect(found.message).not.toContain('toolgate gateway');
      expect(found.fix).toContain(`kill ${holder.pid}`);
    } finally {
      holder.stdin.end();
      await waitForExit(holder.pid!, 10_000).catch(() => holder.kill('SIGKILL'));
    }
  });

  it('prints a readable table with the fix under each problem', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'secrets.json'), '{"servers":{}}', { mode: 0o644 });
    fs.chmodSync(path.join(sandbox.toolgateHome, 'secrets.json'), 0o644);
    const run = await runCli(sandbox, ['doctor'], { env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^FAIL\s+secrets-file\s+.*mode 644/m);
    expect(run.stdout).toMatch(/^\s+fix: chmod 600 /m);
    expect(run.stdout).toMatch(/^ok\s+node-version\s+Node\.js/m);
    expect(run.stdout).toMatch(/\d+ ok, \d+ warning\(s\), 1 failure\(s\)/);
  });
});
