// Finds the gateway that owns the lock, and whether it can be reached on its control socket.
import fs from 'node:fs';
import net from 'node:net';
import { readLockOwner, type LockOwner } from '../lock/singleton-lock.js';
import { isProcessAlive } from '../storage/proc-stat.js';
import { controlSocketPath } from './control-socket.js';

export interface RunningGateway {
  owner: LockOwner;
  socketPath: string;
}

/** A live gateway accepts a connection on its socket at once; this bounds the check for a stuck one. */
export const SOCKET_PROBE_TIMEOUT_MS = 1_000;

/** The live lock owner that accepts connections on its control socket, or undefined when no gateway runs. */
export async function locateRunningGateway(lockDir: string): Promise<RunningGateway | undefined> {
  const owner = await readLockOwner(lockDir);
  if (!owner || owner.pid === process.pid || !isProcessAlive(owner.pid)) return undefined;
  const socketPath = controlSocketPath(lockDir, owner.socket);
  if (!fs.existsSync(socketPath) || !(await acceptsConnections(socketPath))) return undefined;
  return { owner, socketPath };
}

function acceptsConnections(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(SOCKET_PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
