// Where the running gateway listens for local clients (attached stdio sessions and the CLI): a Unix socket.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The control socket's route for toolgate's own CLI: a session opened there gets the meta-tools in any
 * exposure. Attached stdio clients use /mcp, and the TCP listener has no such route.
 */
export const CLI_ROUTE = '/cli';

/** Unix socket paths are limited to ~104-108 bytes depending on the platform. */
const MAX_SOCKET_PATH_BYTES = 100;
const SOCKET_NAME = 'control.sock';

/**
 * Where clients reach the gateway that owns the lock in `lockDir`: the path its lock note records, else the
 * socket beside the lock (a 0700 directory, so only the user can connect).
 */
export function controlSocketPath(lockDir: string, recorded?: string): string {
  return recorded ?? path.join(lockDir, SOCKET_NAME);
}

/**
 * The path the gateway listens on: beside the lock when that fits a socket path; otherwise in a fresh
 * directory of the temp folder with a random name, made 0700 by mkdtemp, so nobody can create or hold it
 * first (a name derived from the lock dir could be squatted by another account to stop start-up). The
 * gateway records the path in its lock note, where clients read it.
 */
export async function createControlSocketPath(lockDir: string): Promise<string> {
  const beside = controlSocketPath(lockDir);
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH_BYTES) return beside;
  return path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-')), SOCKET_NAME);
}

/** Removes the private temp folder of a socket made by createControlSocketPath; a socket beside the lock stays the HTTP service's to remove. */
export async function releaseControlSocketPath(lockDir: string, socketPath: string): Promise<void> {
  if (socketPath === controlSocketPath(lockDir)) return;
  await fs.rm(path.dirname(socketPath), { recursive: true, force: true });
}
