// The wrapped server as a child process: its own process group, stderr passed through, a staged stop, and no way to outlive us.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { GatewayError } from '../errors/index.js';

/** Staged stop: wait this long after closing stdin, then again after SIGTERM, before SIGKILL. */
export const DEFAULT_STOP_GRACE_MS = 1_500;

export interface WrappedChildOptions {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Default DEFAULT_STOP_GRACE_MS. */
  stopGraceMs?: number;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class WrappedChild {
  readonly exited: Promise<ChildExit>;
  private stopping: Promise<ChildExit> | undefined;
  private exit: ChildExit | undefined;
  /** The child's 'exit' or 'close' was seen. */
  private gone = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: WrappedChildOptions,
  ) {
    // Helpers the server left in its group must not outlive it: the group gets one SIGTERM as the child exits.
    // That is safe at that moment (a group's id is not reused while the group has members, and an empty one
    // answers ESRCH); later the id may belong to someone else, so no signal is sent after that.
    child.once('exit', () => {
      this.signalGroup('SIGTERM');
      this.gone = true;
    });
    this.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        this.gone = true;
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  /** Starts the command; rejects with DOWNSTREAM_UNAVAILABLE when it cannot be spawned. */
  static start(options: WrappedChildOptions): Promise<WrappedChild> {
    return new Promise((resolve, reject) => {
      const child = spawn(options.command, [...options.args], {
        env: options.env,
        cwd: options.cwd,
        // stderr is the server's own: the user reads it as if the server ran directly.
        stdio: ['pipe', 'pipe', 'inherit'],
        shell: false,
        // Its own process group, so a stop reaches the whole tree (npx → npm → sh → node).
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const wrapped = new WrappedChild(child, options);
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined) reject(describeSpawnError(error, options.command));
      });
      child.once('spawn', () => resolve(wrapped));
    });
  }

  get stdin(): Writable {
    return this.child.stdin!;
  }

  get stdout(): Readable {
    return this.child.stdout!;
  }

  /** Idempotent staged stop: end stdin, wait, SIGTERM the group, wait, SIGKILL the group. */
  stop(): Promise<ChildExit> {
    this.stopping ??= this.stopInStages();
    return this.stopping;
  }

  /** For a process `exit` hook, where nothing async can run: SIGTERM the group now. */
  terminateNow(): void {
    this.signalGroup('SIGTERM');
  }

  private async stopInStages(): Promise<ChildExit> {
    const grace = this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    if (this.exit) return this.exit;
    try {
      this.child.stdin?.end();
    } catch {
      // Already gone: the signals below still apply.
    }
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const exit = await within(this.exited, grace);
      if (exit) return exit;
      // Exited, but a helper it left holds the pipes open: the group may no longer be signalled, so let go of them.
      if (this.gone) this.releasePipes();
      else this.signalGroup(signal);
    }
    return this.exited;
  }

  private releasePipes(): void {
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.gone) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // The group is gone; the child itself may have left it.
      try {
        this.child.kill(signal);
      } catch {
        /* already exited */
      }
    }
  }
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  const result = await Promise.race([promise, timeout]);
  clearTimeout(timer);
  return result;
}

function describeSpawnError(error: NodeJS.ErrnoException, command: string): GatewayError {
  if (error.code === 'ENOENT') {
    return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Command "${command}" was not found.`, { hint: `Install it, or give its full path (check with \`which ${command}\`).`, cause: error });
  }
  if (error.code === 'EACCES') {
    return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Command "${command}" is not executable.`, { hint: 'Check its file permissions (chmod +x) or run it through its interpreter (e.g. "node").', cause: error });
  }
  return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Could not start "${command}": ${error.message}`, { cause: error });
}
