// Reaping what a killed gateway left behind: only processes provably ours, never a reused pid.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildRecords, type ChildRecordFile } from '../../src/downstream/child-records.js';
import { reapOrphans } from '../../src/downstream/reap-orphans.js';
import { silentLogger } from '../../src/log/logger.js';
import { isProcessAlive, readProcStat } from '../../src/storage/proc-stat.js';
import { EVENT_WAIT_FLOOR_MS, waitFor } from '../support/gateway-process.js';

const started: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-reap-'));
  dirs.push(dir);
  return dir;
}

/** A process in its own group that lives until killed (like a server that ignores stdin EOF). */
function spawnSleeper(script = 'setInterval(() => {}, 60000)'): number {
  const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
  child.unref();
  started.push(child.pid as number);
  return child.pid as number;
}

/** A pid that certainly ran once and exited: the gateway of a record is then "dead". */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

function writeRecord(
  dir: string,
  gatewayPid: number,
  gatewayStart: number,
  children: ChildRecordFile['children'],
): string {
  const file = path.join(dir, `${gatewayPid}.json`);
  fs.writeFileSync(file, JSON.stringify({ gateway: { pid: gatewayPid, start_time: gatewayStart }, children }));
  return file;
}

/** Waits for the process to end (false if it is still alive after the shared event wait). */
function gone(pid: number): Promise<boolean> {
  return waitFor(() => !isProcessAlive(pid), EVENT_WAIT_FLOOR_MS, 25);
}

describe.runIf(process.platform === 'linux')('reapOrphans', () => {
  it('stops a recorded child whose gateway is gone, and removes the record', async () => {
    const dir = tempDir();
    const pid = spawnSleeper();
    const file = writeRecord(dir, deadPid(), 1, [
      { pid, pgid: pid, start_time: readProcStat(pid)!.startTime, server: 'stubborn' },
    ]);
    const report = await reapOrphans({ dir, logger: silentLogger, graceMs: 500 });
    expect(report.killed).toEqual([pid]);
    expect(await gone(pid)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('also stops the rest of the group when the recorded leader already exited (npx died, node lives)', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'grandchild.pid');
    const leader = spawnSleeper(
      `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });` +
        `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); c.unref(); setTimeout(() => process.exit(0), 50);`,
    );
    const leaderStart = readProcStat(leader)!.startTime;
    await expect.poll(() => fs.existsSync(pidFile) && !isProcessAlive(leader)).toBe(true);
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    started.push(grandchild);
    expect(readProcStat(grandchild)?.pgid).toBe(leader);
    writeRecord(dir, deadPid(), 1, [{ pid: leader, pgid: leader, start_time: leaderStart, server: 'wrapped' }]);
    await reapOrphans({ dir, logger: silentLogger, graceMs: 500 });
    expect(await gone(grandchild)).toBe(true);
  });

  it('never signals a pid that now belongs to another process (start time differs)', async () => {
    const dir = tempDir();
    const pid = spawnSleeper();
    writeRecord(dir, deadPid(), 1, [
      { pid, pgid: pid, start_time: readProcStat(pid)!.startTime - 1, server: 'reused' },
    ]);
    const report = await reapOrphans({ dir, logger: silentLogger, graceMs: 200 });
    expect(report.killed).toEqual([]);
    expect(isProcessAlive(pid)).toBe(true);
  });

  it('leaves the record and children of a gateway that still runs alone', async () => {
    const dir = tempDir();
    const pid = spawnSleeper();
    const file = writeRecord(dir, process.pid, readProcStat(process.pid)!.startTime, [
      { pid, pgid: pid, start_time: readProcStat(pid)!.startTime, server: 'live' },
    ]);
    const report = await reapOrphans({ dir, logger: silentLogger, graceMs: 200 });
    expect(report).toEqual({ files: 0, killed: [] });
    expect(isProcessAlive(pid)).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('skips and removes a record file that does not parse', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '12345.json'), '{ not json');
    expect((await reapOrphans({ dir, logger: silentLogger })).files).toBe(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('ChildRecords', () => {
  it('keeps the file equal to the live children and removes it once none is left', async () => {
    const dir = tempDir();
    const records = new ChildRecords(dir);
    const pid = spawnSleeper();
    records.onSpawn(process.pid, 'self');
    records.onSpawn(pid, 'srv');
    records.onExit(process.pid);
    // Writes are chained and atomic: "srv" alone is only ever written after the exit of "self" was applied.
    const read = () =>
      fs.existsSync(records.path) ? (JSON.parse(fs.readFileSync(records.path, 'utf8')) as ChildRecordFile) : undefined;
    await expect.poll(() => read()?.children.map((child) => child.server)).toEqual(['srv']);
    const written = read()!;
    expect(written.gateway.pid).toBe(process.pid);
    expect(written.children).toEqual([{ pid, pgid: pid, start_time: readProcStat(pid)!.startTime, server: 'srv' }]);
    records.onExit(pid);
    await records.close();
    expect(fs.existsSync(records.path)).toBe(false);
  });
});
