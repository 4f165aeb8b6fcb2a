import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, gatewayEnv, TOOLGATE_BIN, waitFor, type Sandbox } from '../support/gateway-process.js';
import { parseAuditLine, renderAuditLine } from '../../src/cli/logs/audit-line.js';
import { followAuditDays } from '../../src/cli/logs/follow-audit-days.js';
import { runCli } from './run-cli.js';

let sandbox: Sandbox;
let logFile: string;

const record = (level: number, msg: string, fields: Record<string, unknown> = {}, time = '2026-03-01T09:30:00.000Z') =>
  JSON.stringify({ level, time, pid: 42, ...fields, msg });

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
    expect(lines[5]).toBe(
      '2026-03-01 09:30:00.000  ERROR  [github session abcdef012345]  call failed  err={"message":"boom"}',
    );
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
    expect(github.stdout.split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'spawning',
      'call failed',
    ]);
    expect((await runCli(sandbox, ['logs', '--level', 'loud'])).exitCode).toBe(2);
  });

  it('follows new lines through a rotation until interrupted', async () => {
    const child = execa(process.execPath, [TOOLGATE_BIN, 'logs', '--follow', '--tail', '1', '--server', 'github'], {
      cwd: sandbox.project,
      env: gatewayEnv(sandbox),
      extendEnv: false,
      reject: false,
      buffer: true,
    });
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      expect(await waitFor(() => seen.includes('call failed'), 10_000)).toBe(true);
      fs.appendFileSync(
        logFile,
        `${record(30, 'second call', { server: 'github' })}\n${record(30, 'not shown', { server: 'other' })}\n`,
      );
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

describe('toolgate logs --audit', () => {
  let auditDir: string;
  const call = (time: string, tool_id: string, fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      time,
      session: 'abcdef0123456789',
      tool_id,
      mode: 'enforce',
      decision: 'allowed',
      gates: [{ gate: 'policy', passed: true }],
      duration_ms: 12.4,
      outcome: 'ok',
      request_bytes: 10,
      response_bytes: 20,
      ...fields,
    });

  beforeEach(() => {
    auditDir = path.join(sandbox.toolgateHome, 'audit');
    fs.mkdirSync(auditDir, { recursive: true });
    fs.writeFileSync(
      path.join(auditDir, '2026-02-27.jsonl'),
      `${call('2026-02-27T08:00:00.000Z', 'github::list_issues')}\n${call('2026-02-27T08:00:01.000Z', 'memory::read_graph')}\n`,
    );
    fs.writeFileSync(
      path.join(auditDir, '2026-03-01.jsonl'),
      [
        call('2026-03-01T09:30:00.123Z', 'github::create_issue', {
          decision: 'blocked',
          outcome: 'blocked',
          error_code: 'POLICY_DENIED',
          gates: [{ gate: 'policy', passed: false, detail: 'denied by github::create_*' }],
        }),
        JSON.stringify({ time: '2026-03-01T09:30:01.000Z', dropped: 3 }),
        call('2026-03-01T09:30:02.000Z', 'memory::create_entities', {
          mode: 'monitor',
          decision: 'would_block',
          outcome: 'tool_error',
          gates: [{ gate: 'output-cap', passed: false }],
        }),
      ].join('\n') + '\n',
    );
    // Not a day file: never read.
    fs.writeFileSync(path.join(auditDir, 'notes.jsonl'), `${call('2026-03-02T00:00:00.000Z', 'other::tool')}\n`);
  });

  it('renders one line per record, oldest day first, across day files', async () => {
    const run = await runCli(sandbox, ['logs', '--audit']);
    expect(run.exitCode).toBe(0);
    // None of these days is today: each line starts with its date.
    expect(run.stdout.split('\n')).toEqual([
      '2026-02-27 08:00:00.000  allowed      github::list_issues           ok                                 12 ms  abcdef012345',
      '2026-02-27 08:00:01.000  allowed      memory::read_graph            ok                                 12 ms  abcdef012345',
      '2026-03-01 09:30:00.123  blocked      github::create_issue          blocked (POLICY_DENIED)            12 ms  abcdef012345  [policy: denied by github::create_*]',
      '2026-03-01 09:30:01.000  3 audit records dropped here (the writer fell behind or could not write)',
      '2026-03-01 09:30:02.000  would_block  memory::create_entities       tool_error                         12 ms  abcdef012345  [output-cap]',
    ]);
  });

  it('prints nothing at all for -n 0, and exits 0', async () => {
    expect(await runCli(sandbox, ['logs', '--audit', '-n', '0'])).toMatchObject({
      exitCode: 0,
      stdout: '',
      stderr: '',
    });
    expect(await runCli(sandbox, ['logs', '-n', '0'])).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('keeps the last N records with --tail, going back into older days, and prints raw lines with --json', async () => {
    const two = await runCli(sandbox, ['logs', '--audit', '--tail', '4', '--json']);
    expect(two.stdout.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ tool_id: 'memory::read_graph', time: '2026-02-27T08:00:01.000Z' }),
      expect.objectContaining({ tool_id: 'github::create_issue', decision: 'blocked' }),
      { time: '2026-03-01T09:30:01.000Z', dropped: 3 },
      expect.objectContaining({ tool_id: 'memory::create_entities' }),
    ]);
    const raw = fs.readFileSync(path.join(auditDir, '2026-03-01.jsonl'), 'utf8').split('\n');
    expect((await runCli(sandbox, ['logs', '--audit', '-n', '1', '--json'])).stdout).toBe(raw[2]);
  });

  it('filters by tool (substring or glob), by decision and by server', async () => {
    const ids = async (args: string[]) =>
      (await runCli(sandbox, ['logs', '--audit', '--json', ...args])).stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { tool_id: string }).tool_id);
    expect(await ids(['--tool', 'create'])).toEqual(['github::create_issue', 'memory::create_entities']);
    expect(await ids(['--tool', 'github::*'])).toEqual(['github::list_issues', 'github::create_issue']);
    expect(await ids(['--tool', 'github::create_issue'])).toEqual(['github::create_issue']);
    expect(await ids(['--decision', 'would_block'])).toEqual(['memory::create_entities']);
    expect(await ids(['--server', 'memory', '--tail', '1'])).toEqual(['memory::create_entities']);
    expect(await ids(['--decision', 'blocked', '--tool', 'memory'])).toEqual([]);
  });

  it('refuses flags of the other log with exit 2, and says so when there is no audit log', async () => {
    expect((await runCli(sandbox, ['logs', '--audit', '--level', 'warn'])).exitCode).toBe(2);
    const decision = await runCli(sandbox, ['logs', '--decision', 'blocked']);
    expect(decision.exitCode).toBe(2);
    expect(decision.stderr).toContain('--decision only applies to the audit log, and --audit was not given.');
    expect((await runCli(sandbox, ['logs', '--tool', 'x', '--decision', 'blocked'])).stderr).toContain(
      '--tool and --decision only apply to the audit log, and --audit was not given.',
    );
    expect((await runCli(sandbox, ['logs', '--audit', '--decision', 'maybe'])).exitCode).toBe(2);
    fs.rmSync(auditDir, { recursive: true });
    const run = await runCli(sandbox, ['logs', '--audit']);
    expect(run).toMatchObject({ exitCode: 0, stdout: '' });
    expect(run.stderr).toContain('No audit log yet');
  });

  it('follows today’s day file, created after it starts, until interrupted', async () => {
    const child = execa(
      process.execPath,
      [TOOLGATE_BIN, 'logs', '--audit', '--follow', '--tail', '1', '--tool', 'github'],
      { cwd: sandbox.project, env: gatewayEnv(sandbox), extendEnv: false, reject: false, buffer: true },
    );
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      expect(await waitFor(() => seen.includes('github::create_issue'), 10_000)).toBe(true);
      const now = new Date();
      const today = path.join(auditDir, `${now.toISOString().slice(0, 10)}.jsonl`);
      fs.appendFileSync(
        today,
        `${call(now.toISOString(), 'memory::not_shown')}\n${call(now.toISOString(), 'github::get_me')}\n`,
      );
      expect(await waitFor(() => seen.includes('github::get_me'), 10_000)).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect((await child).exitCode).toBe(0);
    expect(seen).not.toContain('not_shown');
    expect(seen.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('renderAuditLine', () => {
  const NOW = new Date('2026-11-01T12:00:00.000Z');
  const line = (fields: Record<string, unknown>) =>
    renderAuditLine(
      parseAuditLine(
        JSON.stringify({
          session: 'abcdef0123456789',
          tool_id: 'fx::tool',
          decision: 'allowed',
          duration_ms: 6,
          outcome: 'ok',
          ...fields,
        }),
      ),
      NOW,
    );

  it('lines up the columns after the outcome whether or not an error code is shown', () => {
    const lines = [
      line({ time: '2026-11-01T10:00:00.000Z' }),
      line({
        time: '2026-11-01T10:00:01.000Z',
        decision: 'blocked',
        outcome: 'blocked',
        error_code: 'POLICY_DENIED',
        duration_ms: 1,
      }),
      line({ time: '2026-11-01T10:00:02.000Z', outcome: 'error', error_code: 'DOWNSTREAM_UNAVAILABLE' }),
    ];
    expect(new Set(lines.map((text) => text.indexOf(' ms  ')))).toHaveProperty('size', 1);
    expect(lines[1]).toBe(
      '10:00:01.000  blocked      fx::tool                      blocked (POLICY_DENIED)             1 ms  abcdef012345',
    );
  });

  it("shows only the time for today's records and the date before it for other days, parsing any ISO time", () => {
    const time = (value: unknown) => line({ time: value }).split('  ')[0];
    expect(time('2026-11-01T00:00:00Z')).toBe('00:00:00.000');
    expect(time('2026-11-01T23:59:59.5Z')).toBe('23:59:59.500');
    expect(time('2026-10-31T23:59:59.999Z')).toBe('2026-10-31 23:59:59.999');
    expect(time('2026-11-01T01:30:00+02:00')).toBe('2026-10-31 23:30:00.000');
    expect(time('2026-11-01T08:15')).toBe('08:15:00.000');
    expect(time('yesterday')).toBe('--:--:--.---');
    expect(time(undefined)).toBe('--:--:--.---');
  });
});

describe('followAuditDays', () => {
  it('moves to the next day file at UTC midnight and still reads late lines of the previous day', async () => {
    const dir = path.join(sandbox.root, 'audit');
    fs.mkdirSync(dir);
    let clock = new Date('2026-03-01T23:59:59.850Z');
    const seen: string[] = [];
    const controller = new AbortController();
    const following = followAuditDays({
      dir,
      start: { file: path.join(dir, '2026-03-01.jsonl'), offset: 0 },
      onLine: (line) => seen.push(line),
      signal: controller.signal,
      now: () => clock,
      pollMs: 20,
    });
    try {
      fs.writeFileSync(path.join(dir, '2026-03-01.jsonl'), 'day one\n');
      expect(await waitFor(() => seen.includes('day one'), 5_000)).toBe(true);
      clock = new Date('2026-03-02T00:00:00.100Z');
      fs.writeFileSync(path.join(dir, '2026-03-02.jsonl'), 'day two\n');
      expect(await waitFor(() => seen.includes('day two'), 5_000)).toBe(true);
      fs.appendFileSync(path.join(dir, '2026-03-01.jsonl'), 'late for day one\n');
      expect(await waitFor(() => seen.includes('late for day one'), 5_000)).toBe(true);
    } finally {
      controller.abort();
    }
    await following;
    expect(seen).toEqual(['day one', 'day two', 'late for day one']);
  });
});
