// Finds the gateway that owns the lock, and whether it can be reached on its control socket.
import fs from 'node:fs';
import { isProcessAlive, readLockOwner, type LockOwner } from '../lock/singleton-lock.js';
import { controlSocketPath } from './control-socket.js';

export interface RunningGateway {
  owner: LockOwner;
  socketPath: string;
}

/** The live lock owner with a control socket on disk, or undefined when no gateway runs for this lock dir. */
export async function locateRunningGateway(lockDir: string): Promise<RunningGateway | undefined> {
  const owner = await readLockOwner(lockDir);
  if (!owner || owner.pid === process.pid || !isProcessAlive(owner.pid)) return undefined;
  const socketPath = controlSocketPath(lockDir);
  if (!fs.existsSync(socketPath)) return undefined;
  return { owner, socketPath };
}
