import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import {
  acquireSingletonLock,
  isLockHeld,
  ownerFileOf,
  readLockOwner,
  type LockOwner,
  type SingletonLock,
} from '../../src/lock/singleton-lock.js';
import { isProcessAlive } from '../../src/storage/proc-stat.js';

let dir: string;
const locks: SingletonLock[] = [];
const children: number[] = [];

beforeEach(async () => {
  dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-lock-')), 'lock');
});

afterEach(async () => {
  // Newest first, so a lock that was taken over is released after the one that took it.
  for (const lock of locks.splice(0).reverse()) await lock.release();
  for (const pid of children.splice(0)) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

function owner(overrides: Partial<LockOwner> = {}): LockOwner {
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    transport: 'stdio',
    version: '0.0.0-test',
    ...overrides,
  };
}

async function acquire(ownerFacts: LockOwner = owner()): Promise<SingletonLock> {
  const lock = await acquireSingletonLock({ dir, owner: ownerFacts });
  locks.push(lock);
  return lock;
}

async function refusal(): Promise<GatewayError> {
  const error = await acquire().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

/** The pid of a process that has certainly exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await new Promise((resolve) => child.once('close', resolve));
  expect(child.pid).toBeTypeOf('number');
  expect(isProcessAlive(child.pid!)).toBe(false);
  return child.pid!;
}

async function rewriteOwnerPid(pid: number): Promise<void> {
  const file = ownerFileOf(dir);
  const current = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
  await fs.writeFile(file, JSON.stringify({ ...current, pid }));
}

describe('acquireSingletonLock', () => {
  it('takes a free lock, creating its directory, and records its owner in a private file', async () => {
    const me = owner({ transport: 'http', url: 'http://127.0.0.1:3344/mcp' });
    const lock = await acquire(me);
    expect(lock.tookOver).toBe(false);
    expect(lock.owner).toEqual(me);
    expect(await readLockOwner(dir)).toEqual(me);
    expect(await isLockHeld(dir)).toBe(true);
    if (process.platform !== 'win32') expect((await fs.stat(ownerFileOf(dir))).mode & 0o777).toBe(0o600);
  });

  it('refuses a second acquire with LOCK_HELD naming the holder pid', async () => {
    await acquire(owner({ startedAt: '2026-01-02T03:04:05.000Z' }));
    const error = await refusal();
    expect(error.code).toBe('LOCK_HELD');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toContain('2026-01-02T03:04:05.000Z');
    expect(error.details).toMatchObject({ lock_dir: dir, owner_pid: process.pid });
    expect(error.hint).toContain('TOOLGATE_LOCK_DIR');
  });

  it('can be acquired again after release, and release is idempotent', async () => {
    const first = await acquire();
    await first.release();
    await first.release();
    expect(await isLockHeld(dir)).toBe(false);
    expect(await readLockOwner(dir)).toBeUndefined();
    const second = await acquire();
    expect(second.tookOver).toBe(false);
    expect(await isLockHeld(dir)).toBe(true);
  });

  it('takes over a lock left behind by a dead process', async () => {
    await acquire();
    const dead = await deadPid();
    await rewriteOwnerPid(dead);
    const successor = await acquire(owner({ version: 'successor' }));
    expect(successor.tookOver).toBe(true);
    expect((await readLockOwner(dir))?.version).toBe('successor');
    expect(await isLockHeld(dir)).toBe(true);
  });

  it('reports a take-over also when the lock of a dead holder had already gone stale (a slow start after a kill -9)', async () => {
    // What a killed holder leaves: its lock directory, not refreshed since, and its owner note.
    await fs.mkdir(path.join(dir, 'gateway.lock'), { recursive: true });
    const longAgo = new Date(Date.now() - 3_600_000);
    await fs.utimes(path.join(dir, 'gateway.lock'), longAgo, longAgo);
    await fs.writeFile(ownerFileOf(dir), JSON.stringify(owner({ pid: await deadPid() })));
    const successor = await acquire(owner({ version: 'successor' }));
    expect(successor.tookOver).toBe(true);
    expect((await readLockOwner(dir))?.version).toBe('successor');
  });

  it('does not take over a lock whose holder is alive', async () => {
    await acquire();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper.pid!);
    await rewriteOwnerPid(sleeper.pid!);
    const error = await refusal();
    expect(error.code).toBe('LOCK_HELD');
    expect(error.details?.owner_pid).toBe(sleeper.pid);
    expect(error.message).toContain(`pid ${sleeper.pid}`);
  });

  it('refuses with LOCK_HELD naming "another process" when the owner note is missing', async () => {
    await acquire();
    await fs.rm(ownerFileOf(dir));
    const error = await refusal();
    expect(error.code).toBe('LOCK_HELD');
    expect(error.message).toContain('another process');
    expect(error.details).not.toHaveProperty('owner_pid');
  });

  it('refuses with a GatewayError naming the directory when the lock directory cannot be created', async () => {
    const file = path.join(path.dirname(dir), 'a-file');
    await fs.writeFile(file, '');
    const lockDir = path.join(file, 'lock');
    const error = await acquireSingletonLock({ dir: lockDir, owner: owner() }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    // Otherwise the raw ENOTDIR reaches the edge and becomes a generic INTERNAL error with no next step.
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toContain(lockDir);
    expect((error as GatewayError).cause).toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('isProcessAlive', () => {
  it('knows this process is alive and an exited one is not', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(await deadPid())).toBe(false);
  });
});
