// Two gateways starting together over a lock left by a killed one: exactly one may win.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import {
  acquireSingletonLock,
  LOCK_NAME,
  ownerFileOf,
  type LockOwner,
  type SingletonLock,
} from '../../src/lock/singleton-lock.js';
import { isProcessAlive } from '../../src/storage/proc-stat.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await fs.rm(root, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await new Promise((resolve) => child.once('close', resolve));
  expect(isProcessAlive(child.pid!)).toBe(false);
  return child.pid!;
}

function owner(): LockOwner {
  return { pid: process.pid, startedAt: new Date().toISOString(), transport: 'stdio', version: '0.0.0-test' };
}

/** What kill -9 leaves behind: the lock directory (fresh, so not stale by time) and the dead holder's note. */
async function leaveStaleLock(dir: string, pid: number): Promise<number> {
  const lockDir = path.join(dir, `${LOCK_NAME}.lock`);
  await fs.mkdir(lockDir, { recursive: true });
  await fs.writeFile(ownerFileOf(dir), JSON.stringify({ ...owner(), pid }));
  // Refreshed 3 s ago: within the staleness window, so only the dead pid allows a take-over.
  const refreshed = new Date(Date.now() - 3000);
  await fs.utimes(lockDir, refreshed, refreshed);
  return refreshed.getTime();
}

/** Resolves once the lock directory is no longer the one left behind: the first starter has just taken it over. */
async function untilReplaced(lockDir: string, leftAt: number): Promise<void> {
  for (let tries = 0; tries < 10_000; tries += 1) {
    const mtime = await fs.stat(lockDir).then(
      (stat) => stat.mtimeMs,
      () => undefined,
    );
    if (mtime !== undefined && mtime > leftAt + 1000) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('acquireSingletonLock under a race', () => {
  it('lets exactly one of two concurrent acquires take over a lock left by a dead process, every time', async () => {
    const dead = await deadPid();
    for (let round = 0; round < 20; round += 1) {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-lock-race-'));
      roots.push(root);
      const dir = path.join(root, 'lock');
      const leftAt = await leaveStaleLock(dir, dead);
      // Odd rounds: the second starter comes in the gap where the first is most exposed (lock taken, note not yet written).
      const first = acquireSingletonLock({ dir, owner: owner() });
      const second = (
        round % 2 === 0 ? Promise.resolve() : untilReplaced(path.join(dir, `${LOCK_NAME}.lock`), leftAt)
      ).then(() => acquireSingletonLock({ dir, owner: owner() }));
      const outcomes = await Promise.allSettled([first, second]);
      const winners = outcomes
        .filter((outcome): outcome is PromiseFulfilledResult<SingletonLock> => outcome.status === 'fulfilled')
        .map((outcome) => outcome.value);
      const losers = outcomes
        .filter((outcome) => outcome.status === 'rejected')
        .map((outcome) => outcome.reason as unknown);
      for (const lock of winners) await lock.release();
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(winners[0]!.tookOver).toBe(true);
      expect(losers[0]).toBeInstanceOf(GatewayError);
      expect((losers[0] as GatewayError).code).toBe('LOCK_HELD');
    }
  });
});
