// The mechanics of a child run in its own process group: signalling the group, waiting with a limit, and why a spawn failed.
import type { ChildProcess } from 'node:child_process';
import { GatewayError } from '../errors/index.js';

/** Signals the child's whole group (npx → npm → sh → node); falls back to the child itself if it left the group. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // The group is already gone; fall back to the direct child in case it left the group.
    try {
      child.kill(signal);
    } catch {
      /* already exited */
    }
  }
}

/** Whether `promise` settles within `ms`; the timer never keeps the process alive. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

/** A failed spawn as toolgate's error; `fix` says how the user points at the right command. */
export function describeSpawnError(
  error: NodeJS.ErrnoException,
  command: string,
  fix: string,
  cwd?: string,
): GatewayError {
  if (error.code === 'ENOENT') {
    return new GatewayError(
      'DOWNSTREAM_UNAVAILABLE',
      `Command "${command}" was not found${cwd ? ` (or the working directory "${cwd}" does not exist)` : ''}.`,
      {
        hint: `${fix} (check it with \`which ${command}\`).`,
        cause: error,
      },
    );
  }
  if (error.code === 'EACCES') {
    return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Command "${command}" is not executable.`, {
      hint: 'Check its file permissions (chmod +x) or run it through its interpreter (e.g. "node").',
      cause: error,
    });
  }
  return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Could not start "${command}": ${error.message}`, { cause: error });
}
