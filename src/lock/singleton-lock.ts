// At most one gateway per user owns the downstream pool: a proper-lockfile lock plus a note of who holds it.
import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { GatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { isProcessAlive } from '../storage/proc-stat.js';

/** A lock whose holder stopped refreshing it this long ago is stale and taken over. */
export const DEFAULT_LOCK_STALE_MS = 10_000;
export const LOCK_NAME = 'gateway';
/**
 * Taking the lock and writing its owner note happen under this short-lived guard, so nobody reads the note
 * of a previous holder while a new holder is between the two steps (and takes the new holder's lock over).
 */
const GUARD_NAME = `${LOCK_NAME}-acquire`;
/** proper-lockfile's shortest staleness: a guard left by a process killed in those few milliseconds clears after it. */
const GUARD_STALE_MS = 2_000;
/** Waits for the guard a bit longer than it takes to go stale. */
const GUARD_RETRIES = { retries: 120, factor: 1, minTimeout: 25, maxTimeout: 25 };

export interface LockOwner {
  pid: number;
  startedAt: string;
  transport: 'stdio' | 'http';
  version: string;
  /** Where a second instance can reach the owner (set by the HTTP service). */
  url?: string;
  /** The control socket, when it is not beside the lock (a lock dir too deep for a socket path). */
  socket?: string;
}

export interface SingletonLock {
  owner: LockOwner;
  /** True when a lock of a dead process was found and taken over. */
  tookOver: boolean;
  /** Rewrites the owner note with more facts (the HTTP service's URL once it listens). */
  updateOwner(extra: Partial<Pick<LockOwner, 'url' | 'socket'>>): Promise<void>;
  /** Idempotent. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  dir: string;
  owner: LockOwner;
  staleMs?: number;
  /** Called if the lock is lost while running (e.g. its directory was removed). */
  onCompromised?: (error: Error) => void;
}

export function ownerFileOf(dir: string): string {
  return path.join(dir, `${LOCK_NAME}.owner.json`);
}

export async function readLockOwner(dir: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(ownerFileOf(dir), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

export async function isLockHeld(dir: string, staleMs = DEFAULT_LOCK_STALE_MS): Promise<boolean> {
  try {
    return await lockfile.check(path.join(dir, LOCK_NAME), { realpath: false, stale: staleMs });
  } catch {
    return false;
  }
}

export async function acquireSingletonLock(options: AcquireLockOptions): Promise<SingletonLock> {
  const target = path.join(options.dir, LOCK_NAME);
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  try {
    await fs.mkdir(options.dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw lockError(options.dir, error);
  }
  let releaseGuard: () => Promise<void>;
  try {
    releaseGuard = await lockfile.lock(path.join(options.dir, GUARD_NAME), {
      realpath: false,
      stale: GUARD_STALE_MS,
      retries: GUARD_RETRIES,
      onCompromised: () => undefined,
    });
  } catch (error) {
    throw lockError(options.dir, error);
  }
  try {
    return await acquireUnderGuard(options, target, staleMs);
  } finally {
    await releaseGuard().catch(() => undefined);
  }
}

/** Only ever runs under the guard: the lock and its owner note are seen together or not at all. */
async function acquireUnderGuard(options: AcquireLockOptions, target: string, staleMs: number): Promise<SingletonLock> {
  const lockOptions = {
    realpath: false,
    stale: staleMs,
    retries: 0,
    onCompromised: options.onCompromised ?? (() => undefined),
  };
  // A lock directory that is there now was left by an earlier holder: if proper-lockfile lets us in, that holder
  // had stopped refreshing it (killed long enough ago, on a slow machine too), and this is a take-over as well.
  let tookOver = await exists(`${target}.lock`);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, lockOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw lockError(options.dir, error);
    const holder = await readLockOwner(options.dir);
    // The holder was killed (kill -9 leaves the lock behind): take over now instead of waiting for staleness.
    if (holder && holder.pid !== process.pid && !isProcessAlive(holder.pid)) {
      await fs.rm(`${target}.lock`, { recursive: true, force: true });
      tookOver = true;
      try {
        release = await lockfile.lock(target, lockOptions);
      } catch (retryError) {
        throw heldError(options.dir, await readLockOwner(options.dir), retryError);
      }
    } else {
      throw heldError(options.dir, holder, error);
    }
  }
  await writeFileAtomic(ownerFileOf(options.dir), `${JSON.stringify(options.owner)}\n`, { mode: 0o600 });
  let released: Promise<void> | undefined;
  const lock: SingletonLock = {
    owner: options.owner,
    tookOver,
    updateOwner: async (extra) => {
      Object.assign(lock.owner, extra);
      await writeFileAtomic(ownerFileOf(options.dir), `${JSON.stringify(lock.owner)}\n`, { mode: 0o600 });
    },
    release: () => {
      released ??= (async () => {
        // Only our own note: if our lock went stale and was taken over, the note is the new owner's.
        if ((await readLockOwner(options.dir))?.pid === options.owner.pid)
          await fs.rm(ownerFileOf(options.dir), { force: true });
        await release().catch(() => undefined);
      })();
      return released;
    },
  };
  return lock;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

function heldError(dir: string, holder: LockOwner | undefined, cause: unknown): GatewayError {
  const who = holder ? `pid ${holder.pid} (${holder.transport}, started ${holder.startedAt})` : 'another process';
  return new GatewayError('LOCK_HELD', `Another toolgate gateway, ${who}, owns the downstream pool (lock in ${dir}).`, {
    hint: 'Only one gateway per user runs the downstream servers. Stop the other one (its pid is in the message), or give this instance its own TOOLGATE_LOCK_DIR and TOOLGATE_HOME.',
    cause,
    details: { lock_dir: dir, ...(holder ? { owner_pid: holder.pid } : {}) },
  });
}

function lockError(dir: string, cause: unknown): GatewayError {
  return new GatewayError('LOCK_HELD', `Could not take the gateway lock in ${dir}: ${(cause as Error).message}`, {
    hint: 'Check that the directory is writable, or set TOOLGATE_LOCK_DIR to one that is.',
    cause,
  });
}
