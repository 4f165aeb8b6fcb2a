// The wrapped server as a child process: its own process group, stderr passed through, a staged stop, and no way to outlive us.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { describeSpawnError, settlesWithin } from '../downstream/process-group.js';
import { ChildTree } from '../downstream/process-tree.js';

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
    private readonly tree: ChildTree,
  ) {
    // Helpers the server left must not outlive it: its group gets one SIGTERM as the child exits (safe at that
    // moment: a group's id is not reused while the group has members; later it may be someone else's, so no group
    // signal after that), and every process carrying its tree marker (setsid ones too) is stopped, SIGKILL if need be.
    child.once('exit', () => {
      this.signalGroup('SIGTERM');
      this.gone = true;
      void this.tree.stopLeftovers();
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
      const tree = new ChildTree(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
      const child = spawn(options.command, [...options.args], {
        env: tree.markEnv(options.env),
        cwd: options.cwd,
        // stderr is the server's own: the user reads it as if the server ran directly.
        stdio: ['pipe', 'pipe', 'inherit'],
        shell: false,
        // Its own process group, so a stop reaches the whole tree (npx → npm → sh → node).
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const wrapped = new WrappedChild(child, options, tree);
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined)
          reject(describeSpawnError(error, options.command, 'Install it, or give its full path after --'));
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

  /** Idempotent staged stop: end stdin, wait, SIGTERM the tree, wait, SIGKILL the tree; then what it left. */
  stop(): Promise<ChildExit> {
    this.stopping ??= this.stopInStages().then(async (exit) => {
      await this.tree.stopLeftovers();
      return exit;
    });
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
    if (!this.gone) this.tree.signal(this.child, signal);
  }
}
