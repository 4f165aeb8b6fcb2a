import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../src/config/paths.js';
import { checkAuthToken } from '../../src/doctor/checks/auth-token.js';
import { checkAuditLog, checkGovernance } from '../../src/doctor/checks/governance.js';
import { checkHttpService } from '../../src/doctor/checks/http-service.js';
import { checkLockState } from '../../src/doctor/checks/lock-state.js';
import { checkNodeVersion } from '../../src/doctor/checks/node-version.js';
import { checkSurfaceTokens } from '../../src/doctor/checks/surface-tokens.js';
import { checkToolNames } from '../../src/doctor/checks/tool-names.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { acquireSingletonLock, ownerFileOf } from '../../src/lock/singleton-lock.js';
import { ESTIMATE_TOKEN_COUNTER } from '../../src/policy/token-counter.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-doctor-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function listen(handler: http.RequestListener): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('doctor checks', () => {
  it('warns about monitor mode and a disabled audit log, and names approval rules', async () => {
    const file = path.join(dir, 'policy.yaml');
    fs.writeFileSync(file, 'mode: monitor\naudit: false\napproval: ["gh::delete_*"]\n');
    const results = await checkGovernance(() => [file]);
    expect(results.map((result) => `${result.id} ${result.status}`)).toEqual([
      'governance warn',
      'approvals ok',
      'audit-log warn',
    ]);
    expect(results[0]?.fix).toContain('--decision would_block');
    fs.writeFileSync(file, 'gates:\n  rate_limit: { per_session: 60 }\n');
    expect(await checkGovernance(() => [file])).toEqual([
      expect.objectContaining({
        id: 'governance',
        status: 'ok',
        message: expect.stringContaining('60/min per session') as unknown as string,
      }),
    ]);
    // A policy that does not parse is reported once, by the policy check.
    fs.writeFileSync(file, 'mode: sometimes\n');
    expect(await checkGovernance(() => [file])).toEqual([]);
  });

  it('checks that the audit log is private, and accepts one that does not exist yet', async () => {
    const audit = path.join(dir, 'audit');
    expect((await checkAuditLog(audit)).status).toBe('ok');
    fs.mkdirSync(audit, { mode: 0o755 });
    fs.chmodSync(audit, 0o755);
    expect(await checkAuditLog(audit)).toMatchObject({ status: 'warn', fix: `chmod 700 ${audit}` });
    fs.chmodSync(audit, 0o700);
    fs.writeFileSync(path.join(audit, '2026-11-29.jsonl'), '{}\n', { mode: 0o644 });
    fs.chmodSync(path.join(audit, '2026-11-29.jsonl'), 0o644);
    expect((await checkAuditLog(audit)).status).toBe('warn');
    fs.chmodSync(path.join(audit, '2026-11-29.jsonl'), 0o600);
    expect(await checkAuditLog(audit)).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('latest 2026-11-29.jsonl') as unknown as string,
    });
  });

  it('accepts Node 20.19 and newer and fails older ones with an install hint', () => {
    expect(checkNodeVersion('20.19.0').status).toBe('ok');
    expect(checkNodeVersion('22.1.0').status).toBe('ok');
    expect(checkNodeVersion('20.18.3')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('20.19.0') as unknown as string,
    });
    expect(checkNodeVersion('18.20.0').status).toBe('fail');
  });

  it("tells another toolgate's service, another program and a free port apart, naming the holder's pid", async () => {
    const toolgate = await listen((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
    );
    const other = await listen((_req, res) => res.writeHead(404).end('nope'));
    try {
      // No gateway of this TOOLGATE_HOME serves HTTP (no runningUrl): a toolgate answering there is another one.
      expect(await checkHttpService({ TOOLGATE_PORT: String(toolgate.port) })).toMatchObject({
        status: 'warn',
        message: expect.stringContaining(
          `port ${toolgate.port} is in use by another toolgate gateway (pid ${process.pid}`,
        ) as unknown as string,
      });
      expect(await checkHttpService({ TOOLGATE_PORT: String(other.port) })).toMatchObject({
        status: 'warn',
        message: expect.stringContaining(`another program, pid ${process.pid}`) as unknown as string,
      });
      expect((await checkHttpService({ TOOLGATE_PORT: String(other.port) })).message).toContain('answered 404');
    } finally {
      await Promise.all([toolgate.close(), other.close()]);
    }
    expect((await checkHttpService({ TOOLGATE_PORT: String(toolgate.port) })).message).toContain('nothing listens');
    expect((await checkHttpService({ TOOLGATE_PORT: 'http' })).status).toBe('fail');
  });

  it('accepts TOOLGATE_PORT=0 like `serve --http` does, and says there is no port to probe', async () => {
    expect(await checkHttpService({ TOOLGATE_PORT: '0' })).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('picks a free port') as unknown as string,
    });
    expect((await checkHttpService({ TOOLGATE_PORT: '-1' })).status).toBe('fail');
    expect((await checkHttpService({ TOOLGATE_PORT: '65536' })).status).toBe('fail');
  });

  it('gives up on a port that accepts but never answers within the probe limit', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    // The port never answers: only the 300 ms probe limit can end the check, and the message names it.
    const result = await checkHttpService({ TOOLGATE_PORT: String((silent.address() as net.AddressInfo).port) }, 300);
    expect(result).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no HTTP answer within 300 ms') as unknown as string,
    });
    silent.close();
  });

  it('requires a token of 16 or more characters beyond loopback', () => {
    expect(checkAuthToken({}).status).toBe('ok');
    expect(checkAuthToken({ TOOLGATE_HOST: '0.0.0.0' }).status).toBe('fail');
    expect(checkAuthToken({ TOOLGATE_HOST: '0.0.0.0', TOOLGATE_AUTH_TOKEN: 'short' }).status).toBe('fail');
    expect(checkAuthToken({ TOOLGATE_HOST: '0.0.0.0', TOOLGATE_AUTH_TOKEN: 'x'.repeat(32) }).status).toBe('ok');
  });

  it('reports a live lock holder, and a stale note left by a process that is gone', async () => {
    expect((await checkLockState(dir)).message).toContain('no gateway holds the lock');
    const lock = await acquireSingletonLock({
      dir,
      owner: { pid: process.pid, startedAt: new Date().toISOString(), transport: 'stdio', version: 'test' },
    });
    expect((await checkLockState(dir)).message).toContain(`pid ${process.pid}`);
    await lock.release();
    fs.writeFileSync(
      ownerFileOf(dir),
      JSON.stringify({ pid: 2 ** 22 + 17, startedAt: '2026-01-01T00:00:00Z', transport: 'http', version: 'x' }),
    );
    expect(await checkLockState(dir)).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('stale lock') as unknown as string,
    });
  });

  it('warns per client when a name passes its length limit, and fails a name outside the MCP pattern', () => {
    const long = `gateway_${'x'.repeat(44)}`;
    const results = checkToolNames({ tools: [{ name: 'gateway_describe' }, { name: long }], nameStyle: 'auto' });
    const byClient = Object.fromEntries(
      results.filter((result) => result.id === 'client-names').map((result) => [result.subject, result.status]),
    );
    // cursor: 8 + 52 = 60 fits; mcp__toolgate__ + 52 = 67 does not fit 64.
    expect(byClient).toMatchObject({
      cursor: 'ok',
      'claude-desktop': 'ok',
      claude: 'warn',
      codex: 'warn',
      vscode: 'warn',
    });
    expect(checkToolNames({ tools: [{ name: 'bad name!' }], nameStyle: 'auto' })[0]!.status).toBe('fail');
  });

  it('counts surface tokens against the 1,200 budget and says when the count is an estimate', () => {
    const small = checkSurfaceTokens(
      { tools: [{ name: 'a', description: 'x'.repeat(400) }], nameStyle: 'auto' },
      ESTIMATE_TOKEN_COUNTER,
    );
    expect(small.status).toBe('ok');
    expect(small.message).toContain('estimated');
    expect(
      checkSurfaceTokens(
        { tools: [{ name: 'a', description: 'x'.repeat(6_000) }], nameStyle: 'auto' },
        ESTIMATE_TOKEN_COUNTER,
      ).status,
    ).toBe('warn');
  });
});

describe('runDoctor', () => {
  it('fails on a missing --config file and on an explicit policy that does not exist, and still runs every other check', async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const paths = resolvePaths({ TOOLGATE_HOME: path.join(home, '.toolgate') }, home);
    const report = await runDoctor({
      env: { PATH: process.env.PATH, TOOLGATE_PORT: '1' },
      cwd: dir,
      homeDir: home,
      paths,
      nodeVersion: '22.0.0',
      explicitConfig: 'missing.json',
      policyFiles: () => {
        throw new Error('The policy file /nope.yaml does not exist.');
      },
      probeTimeoutMs: 500,
    });
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((result) => result.status === 'fail').map((result) => result.id);
    expect(failed).toEqual(['config-file', 'policy']);
    // Without the exposed list, the surface checks say so instead of passing silently.
    expect(
      report.checks
        .filter((result) => result.id === 'tool-names' || result.id === 'surface-tokens')
        .map((result) => result.status),
    ).toEqual(['warn', 'warn']);
  });

  it("checks a project's secrets file too, when there is one", async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const paths = resolvePaths({ TOOLGATE_HOME: path.join(home, '.toolgate') }, home);
    const run = () =>
      runDoctor({
        env: { PATH: process.env.PATH },
        cwd: dir,
        homeDir: home,
        paths,
        nodeVersion: '22.0.0',
        policyFiles: () => [],
        probeTimeoutMs: 200,
      });
    const subjects = async () =>
      (await run()).checks
        .filter((result) => result.id === 'secrets-file')
        .map((result) => `${result.subject} ${result.status}`);
    expect(await subjects()).toEqual([`${paths.secretsFile} ok`]);
    const project = path.join(dir, '.toolgate', 'secrets.json');
    fs.mkdirSync(path.dirname(project));
    fs.writeFileSync(project, '{"servers":{"gh":{"GITHUB_TOKEN":"x"}}}', { mode: 0o644 });
    fs.chmodSync(project, 0o644);
    expect(await subjects()).toEqual([`${paths.secretsFile} ok`, `${project} fail`]);
  });
});
