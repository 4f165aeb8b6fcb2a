import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_REDACT_KEYS } from '../../src/policy/policy-types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditEntry, type AuditLog, type AuditLogOptions } from '../../src/audit/audit-log.js';
import { auditFileName, pruneAuditFiles } from '../../src/audit/audit-files.js';
import { createSecretTextRedactor } from '../../src/redaction/index.js';

let root: string;
let dir: string;
const logs: AuditLog[] = [];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-audit-'));
  dir = path.join(root, 'audit');
});
afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
  fs.rmSync(root, { recursive: true, force: true });
});

function open(options: Partial<AuditLogOptions> = {}): AuditLog {
  const log = createAuditLog({
    dir,
    redactKeys: DEFAULT_REDACT_KEYS,
    redactText: createSecretTextRedactor(),
    ...options,
  });
  logs.push(log);
  return log;
}

const call = (index: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  session: 's1',
  tool_id: `demo::tool_${index}`,
  mode: 'enforce',
  decision: 'allowed',
  gates: [{ gate: 'policy', passed: true }],
  duration_ms: index,
  outcome: 'ok',
  request_bytes: 10,
  response_bytes: 20,
  ...extra,
});

function readLines(file: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createAuditLog', () => {
  it('writes { time, ...entry } with redacted arguments to the UTC day file, mode 0600 in a 0700 folder', async () => {
    const log = open({ now: () => new Date('2026-03-01T23:59:59.500Z') });
    log.record(call(1, { arguments: { api_key: 'abc', query: 'hello' }, client: 'claude-code', via: 'gateway' }));
    await log.flush();
    const file = path.join(dir, '2026-03-01.jsonl');
    expect(readLines(file)).toEqual([
      {
        time: '2026-03-01T23:59:59.500Z',
        session: 's1',
        tool_id: 'demo::tool_1',
        mode: 'enforce',
        decision: 'allowed',
        gates: [{ gate: 'policy', passed: true }],
        duration_ms: 1,
        outcome: 'ok',
        request_bytes: 10,
        response_bytes: 20,
        arguments: { api_key: '[REDACTED]', query: 'hello' },
        client: 'claude-code',
        via: 'gateway',
      },
    ]);
    expect(Object.keys(readLines(file)[0]!)[0]).toBe('time');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('names each record’s file after its own UTC day, switching at midnight', async () => {
    let clock = new Date('2026-03-01T23:59:59.999Z');
    const log = open({ now: () => clock });
    log.record(call(1));
    clock = new Date('2026-03-02T00:00:00.000Z');
    log.record(call(2));
    // Local time plays no part: 01:30 in UTC+2 is still the previous UTC day.
    clock = new Date('2026-03-03T01:30:00+02:00');
    log.record(call(3));
    await log.flush();
    expect(fs.readdirSync(dir).sort()).toEqual(['2026-03-01.jsonl', '2026-03-02.jsonl']);
    expect(readLines(path.join(dir, '2026-03-01.jsonl')).map((line) => line.tool_id)).toEqual(['demo::tool_1']);
    expect(readLines(path.join(dir, '2026-03-02.jsonl')).map((line) => line.tool_id)).toEqual([
      'demo::tool_2',
      'demo::tool_3',
    ]);
    expect(auditFileName(new Date('2026-12-31T23:00:00-05:00'))).toBe('2027-01-01.jsonl');
  });

  it('keeps the order of many records made in bursts and between awaits', async () => {
    const log = open();
    for (let index = 0; index < 3_000; index += 1) {
      log.record(call(index, { arguments: { text: 'x'.repeat(index % 300) } }));
      if (index % 700 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.flush();
    const [file] = fs.readdirSync(dir);
    expect(readLines(path.join(dir, file!)).map((line) => line.duration_ms)).toEqual(
      Array.from({ length: 3_000 }, (_, index) => index),
    );
  });

  it('returns from record() before anything is written, and has it all on disk after flush()', async () => {
    const log = open();
    log.record(call(1));
    expect(fs.existsSync(dir)).toBe(false);
    await log.flush();
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it('flushes on close, ignores records after it, and closes once', async () => {
    const log = open();
    log.record(call(1));
    const closing = log.close();
    log.record(call(2));
    expect(log.close()).toBe(closing);
    await closing;
    const [file] = fs.readdirSync(dir);
    expect(readLines(path.join(dir, file!)).map((line) => line.tool_id)).toEqual(['demo::tool_1']);
  });

  it('counts the arguments of records not yet written against the byte cap', async () => {
    const log = open({ maxBufferedBytes: 10_000 });
    for (let index = 0; index < 5; index += 1) log.record({ ...call(index), request_bytes: 4_000 });
    await log.flush();
    const [file] = fs.readdirSync(dir);
    const lines = readLines(path.join(dir, file!));
    // Two records fit in 10,000 bytes of waiting arguments; the three others are dropped and counted.
    expect(lines.map((line) => line.dropped ?? line.duration_ms)).toEqual([0, 1, 3]);
  });

  it('takes a record alone whatever the size of its arguments', async () => {
    const log = open({ maxBufferedBytes: 10_000 });
    log.record({ ...call(7), request_bytes: 50_000_000 });
    await log.flush();
    const [file] = fs.readdirSync(dir);
    expect(readLines(path.join(dir, file!)).map((line) => line.duration_ms)).toEqual([7]);
  });

  it('drops records past the buffer cap, counts them, and writes one `dropped` line where the gap is', async () => {
    const log = open({ maxBufferedLines: 10 });
    for (let index = 0; index < 25; index += 1) log.record(call(index));
    await log.flush();
    log.record(call(100));
    await log.flush();
    const [file] = fs.readdirSync(dir);
    const lines = readLines(path.join(dir, file!));
    expect(lines.map((line) => line.dropped ?? line.duration_ms)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 100]);
    expect(Object.keys(lines[10]!)).toEqual(['time', 'dropped']);
  });

  it('reports a failing write once through onError and never throws into the caller', async () => {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(dir, 'a file where the folder should be');
    const errors: Error[] = [];
    const log = open({ onError: (error) => errors.push(error) });
    for (let index = 0; index < 3; index += 1) {
      expect(() => log.record(call(index))).not.toThrow();
      await log.flush();
    }
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toMatch(/ENOTDIR|EEXIST/);
    // Once the folder can be written again, the lost records are counted in one line.
    fs.rmSync(dir);
    log.record(call(9));
    await log.flush();
    const [file] = fs.readdirSync(dir);
    expect(readLines(path.join(dir, file!)).map((line) => line.dropped ?? line.tool_id)).toEqual([3, 'demo::tool_9']);
  });

  it('never interleaves lines of two audit logs appending to the same day file at once', async () => {
    // Room for everything: this test is about interleaving, not the buffer cap.
    const first = open({ maxBufferedBytes: 64 * 1024 * 1024 });
    const second = open({ maxBufferedBytes: 64 * 1024 * 1024 });
    const big = 'y'.repeat(900);
    for (let index = 0; index < 2_000; index += 1) {
      // Many keys of ~1 KB each: ~10 KB lines, batches of ~256 KB written by both at the same time.
      const args = Object.fromEntries(Array.from({ length: 10 }, (_, key) => [`k${key}`, big]));
      first.record(call(index, { session: 'first', arguments: args }));
      second.record(call(index, { session: 'second', arguments: args }));
      if (index % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([first.flush(), second.flush()]);
    const [file] = fs.readdirSync(dir);
    const lines = readLines(path.join(dir, file!));
    expect(lines).toHaveLength(4_000);
    for (const session of ['first', 'second']) {
      expect(lines.filter((line) => line.session === session).map((line) => line.duration_ms)).toEqual(
        Array.from({ length: 2_000 }, (_, index) => index),
      );
    }
  });
});

describe('retention', () => {
  const touch = (name: string) => fs.writeFileSync(path.join(dir, name), '{}\n');

  it('deletes day files older than retentionDays on creation and keeps the rest', async () => {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of [
      '2026-01-01.jsonl',
      '2026-02-28.jsonl',
      '2026-03-01.jsonl',
      '2026-03-31.jsonl',
      'notes.txt',
      'backup.jsonl',
    ])
      touch(name);
    const log = open({ now: () => new Date('2026-03-31T12:00:00Z') });
    await log.flush();
    expect(fs.readdirSync(dir).sort()).toEqual(['2026-03-01.jsonl', '2026-03-31.jsonl', 'backup.jsonl', 'notes.txt']);
  });

  it('prunes again on the first record of a new day, for a gateway that runs for weeks', async () => {
    let now = new Date('2026-03-01T12:00:00Z');
    const log = open({ now: () => now, retentionDays: 2 });
    log.record(call(1));
    await log.flush();
    expect(fs.readdirSync(dir)).toEqual(['2026-03-01.jsonl']);
    now = new Date('2026-03-05T08:00:00Z');
    log.record(call(2));
    await log.flush();
    expect(fs.readdirSync(dir)).toEqual(['2026-03-05.jsonl']);
  });

  it('keeps everything with 0, and takes a shorter period', async () => {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of ['2020-01-01.jsonl', '2026-03-29.jsonl', '2026-03-30.jsonl']) touch(name);
    expect(await pruneAuditFiles(dir, 0, new Date('2026-03-31T00:00:00Z'))).toEqual([]);
    expect(await pruneAuditFiles(dir, 1, new Date('2026-03-31T00:00:00Z'))).toEqual([
      '2020-01-01.jsonl',
      '2026-03-29.jsonl',
    ]);
    expect(fs.readdirSync(dir)).toEqual(['2026-03-30.jsonl']);
    expect(await pruneAuditFiles(path.join(root, 'missing'), 30, new Date())).toEqual([]);
  });
});
