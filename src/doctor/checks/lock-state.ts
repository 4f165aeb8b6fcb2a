// Doctor: who holds the singleton lock, and whether a lock was left behind by a process that died.
import { isLockHeld, ownerFileOf, readLockOwner } from '../../lock/singleton-lock.js';
import { isProcessAlive } from '../../storage/proc-stat.js';
import { check, type CheckResult } from '../doctor-check.js';

export async function checkLockState(lockDir: string): Promise<CheckResult> {
  const [owner, held] = await Promise.all([readLockOwner(lockDir), isLockHeld(lockDir)]);
  if (owner && isProcessAlive(owner.pid)) {
    const where = owner.url ? ` at ${owner.url}` : '';
    return check(
      'lock',
      'ok',
      `a gateway runs: pid ${owner.pid} (${owner.transport}${where}, started ${owner.startedAt}, version ${owner.version})`,
      { subject: lockDir },
    );
  }
  if (owner) {
    return check(
      'lock',
      'warn',
      `stale lock: pid ${owner.pid} (started ${owner.startedAt}) no longer runs but its note is still in ${lockDir}`,
      {
        subject: lockDir,
        fix: `Nothing is needed: the next gateway takes the lock over. To tidy up, remove ${ownerFileOf(lockDir)} and ${lockDir}/gateway.lock.`,
      },
    );
  }
  if (held) {
    return check(
      'lock',
      'warn',
      `the lock in ${lockDir} is held but names no owner (a gateway starting right now, or one that crashed while starting)`,
      {
        subject: lockDir,
        fix: `Run doctor again in a few seconds; if it stays, and no toolgate runs, remove ${lockDir}/gateway.lock.`,
      },
    );
  }
  return check('lock', 'ok', `no gateway holds the lock in ${lockDir}`, { subject: lockDir });
}
