import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, gatewayEnv, TOOLGATE_BIN, waitFor, type Sandbox } from '../support/gateway-process.js';
import { runCli } from './run-cli.js';

let sandbox: Sandbox;
let logFile: string;

const record = (level: number, msg: string, fields: Record<string, unknown> = {}, time = '2026-03-01T09:30:00.000Z') => JSON.stringify({ level, time, pid: 42, ...fields, msg });

beforeEach(() => {
  sandbox = createSandbox();
  logFile = path.join(sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(`${logFile}.1`, `${record(30, 'old start')}\n`);
  fs.writeFileSync(
    logFile,
    [
      record(30, 'gateway started', { servers: 2 }),
      record(20, 'spawning', { server: 'github' }),
      'this line is not JSON {',
      record(40, 'server disabled', { server: 'memory', problem: 'no command' }),
      record(50, 'call failed', { server: 'github', session: 'abcdef0123456789', err: { message: 'boom' } }),
    ].join('\n') + '\n',
  );
});
afterEach(() => sandbox.remove());

describe('toolgate logs', () => {
  it('renders time, level, server, session, message and fields, and shows non-JSON lines raw', async () => {
    const run = await runCli(sandbox, ['logs']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('2026-03-01 09:30:00.000  INFO   old start');
    expect(lines[3]).toBe('this line is not JSON {');
    expect(lines[4]).toBe('2026-03-01 09:30:00.000  WARN   [memory]  server disabled  problem="no command"');
    expect(lines[5]).toBe('2026-03-01 09:30:00.000  ERROR  [github session abcdef012345]  call failed  err={"message":"boom"}');
  });

  it('keeps the last N matching lines with --tail, across the rotated file', async () => {
    const two = (await runCli(sandbox, ['logs', '--tail', '2'])).stdout.split('\n');
    expect(two).toHaveLength(2);
    expect(two[0]).toContain('server disabled');
    expect(two[1]).toContain('call failed');
    expect((await runCli(sandbox, ['logs', '--tail', '5'])).stdout.split('\n')[0]).toContain('gateway started');
    expect((await runCli(sandbox, ['logs', '--tail', 'ten'])).exitCode).toBe(2);
  });

  it('filters by level and by server', async () => {
    const warn = await runCli(sandbox, ['logs', '--level', 'warn', '--json']);
    // Raw lines have no level, so a level filter keeps them.
    expect(warn.stdout.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      { raw: 'this line is not JSON {' },
      expect.objectContaining({ msg: 'server disabled', level: 40 }),
      expect.objectContaining({ msg: 'call failed', level: 50 }),
    ]);
    const github = await runCli(sandbox, ['logs', '--server', 'github', '--json']);
    expect(github.stdout.split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['spawning', 'call failed']);
    expect((await runCli(sandbox, ['logs', '--level', 'loud'])).exitCode).toBe(2);
  });

  it('follows new lines through a rotation until interrupted', async () => {
    const child = execa(process.execPath, [TOOLGATE_BIN, 'logs', '--follow', '--tail', '1', '--server', 'github'], { cwd: sandbox.project, env: gatewayEnv(sandbox), extendEnv: false, reject: false, buffer: true });
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      expect(await waitFor(() => seen.includes('call failed'), 10_000)).toBe(true);
      fs.appendFileSync(logFile, `${record(30, 'second call', { server: 'github' })}\n${record(30, 'not shown', { server: 'other' })}\n`);
      expect(await waitFor(() => seen.includes('second call'), 10_000)).toBe(true);
      // Rotation as the gateway does it at start-up: rename to .1, then a new file.
      fs.renameSync(logFile, `${logFile}.1`);
      fs.writeFileSync(logFile, `${record(30, 'after rotation', { server: 'github' })}\n`);
      expect(await waitFor(() => seen.includes('after rotation'), 10_000)).toBe(true);
      // A line written in two pieces is shown once, whole.
      fs.appendFileSync(logFile, record(30, 'half', { server: 'github' }).slice(0, 20));
      await new Promise((resolve) => setTimeout(resolve, 600));
      fs.appendFileSync(logFile, `${record(30, 'half', { server: 'github' }).slice(20)}\n`);
      expect(await waitFor(() => seen.includes('half'), 10_000)).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(seen).not.toContain('not shown');
    expect(seen.match(/half/g)).toHaveLength(1);
    expect(seen.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('says so on stderr when there is no log yet, and exits 0', async () => {
    fs.rmSync(path.dirname(logFile), { recursive: true });
    const run = await runCli(sandbox, ['logs']);
    expect(run).toMatchObject({ exitCode: 0, stdout: '' });
    expect(run.stderr).toContain('No log yet');
  });
});
