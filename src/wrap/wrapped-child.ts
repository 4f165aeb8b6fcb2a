// The wrapped server as a child process: its own process group, stderr passed through, a staged stop, and no way to outlive us.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { describeSpawnError, killGroup, settlesWithin } from '../downstream/process-group.js';

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
        if (child.pid === undefined) reject(describeSpawnError(error, options.command, 'Install it, or give its full path after --'));
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
      if (await settlesWithin(this.exited, grace)) return this.exited;
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
    if (!this.gone) killGroup(this.child, signal);
  }
}
