// Where the running gateway listens for local clients (attached stdio sessions and the CLI): a Unix socket.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * The control socket's route for toolgate's own CLI: a session opened there gets the meta-tools in any
 * exposure. Attached stdio clients use /mcp, and the TCP listener has no such route.
 */
export const CLI_ROUTE = '/cli';

/** Unix socket paths are limited to ~104-108 bytes depending on the platform. */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * The control socket of the gateway that owns the lock in `lockDir`. It lives beside the lock (a 0700
 * directory), so only the user can connect; a lock dir too deep for a socket path gets a short path in the
 * temp directory, derived from the lock dir so every process computes the same one.
 */
export function controlSocketPath(lockDir: string): string {
  const beside = path.join(lockDir, 'control.sock');
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH_BYTES) return beside;
  const digest = createHash('sha256').update(path.resolve(lockDir)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `toolgate-${digest}.sock`);
}
