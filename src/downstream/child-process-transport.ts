// An MCP stdio transport for one child process: own process group, staged shutdown, stderr tail, exit facts.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import { GatewayError } from '../errors/index.js';
import { describeSpawnError, killGroup, settlesWithin } from './process-group.js';
import { NotDeliveredError } from './delivery-error.js';
import { StderrLines } from './stderr-lines.js';
import { ChildTree } from './process-tree.js';
import { DEFAULT_MAX_LINE_BYTES, encodeMessage, JsonLineDecoder } from '../wire/json-lines.js';

/** A single JSON-RPC line larger than this closes the connection (a flood must not exhaust memory). */
export const DEFAULT_MAX_MESSAGE_BYTES = DEFAULT_MAX_LINE_BYTES;
/** How many stderr lines are kept to explain a crash. */
export const DEFAULT_STDERR_TAIL_LINES = 40;
/** Staged shutdown: wait this long after closing stdin, then again after SIGTERM, before SIGKILL. */
export const DEFAULT_CLOSE_GRACE_MS = 1_500;
/**
 * Stdout past the largest allowed message plus this many bytes without one JSON-RPC message in between is a
 * flood (noise, not a slow big answer): the connection is closed.
 */
export const DEFAULT_MAX_GARBAGE_BYTES = 8 * 1024 * 1024;
/** Only the first lines of stdout noise are reported (logged); the rest are only counted. */
export const DEFAULT_GARBAGE_REPORT_LINES = 20;

export interface ChildProcessTransportOptions {
  command: string;
  args: string[];
  /** The complete environment of the child; nothing else is inherited. */
  env: Record<string, string>;
  cwd?: string;
  maxMessageBytes?: number;
  closeGraceMs?: number;
  onStderrLine?: (line: string) => void;
  /** Called for the first stdout lines that are not JSON-RPC (servers that print banners). */
  onGarbageLine?: (line: string) => void;
  maxGarbageBytes?: number;
  /**
   * The child was spawned (its pid leads its own process group; `token` marks its whole tree, see process-tree.ts) /
   * it has exited and what it left behind has been stopped.
   */
  onSpawn?: (pid: number, token: string) => void;
  onExit?: (pid: number) => void;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ChildProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly decoder: JsonLineDecoder;
  private readonly stderr: StderrLines;
  /** Every process this child starts carries its marker, so none outlives it (not even setsid ones). */
  private readonly tree = new ChildTree();
  private exitInfo: ExitInfo | undefined;
  private closing: Promise<void> | undefined;
  private exited: Promise<void> = Promise.resolve();
  private closeReasonValue: string | undefined;
  /** Stdout bytes since the last JSON-RPC message (approximate: counted per chunk). */
  private bytesSinceMessage = 0;
  private garbageLines = 0;

  constructor(private readonly options: ChildProcessTransportOptions) {
    this.stderr = new StderrLines({
      tailLines: DEFAULT_STDERR_TAIL_LINES,
      ...(options.onStderrLine ? { onLine: options.onStderrLine } : {}),
    });
    this.decoder = new JsonLineDecoder({
      maxLineBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      onMessage: (message) => {
        this.bytesSinceMessage = 0;
        this.onmessage?.(message);
      },
      onGarbage: (line) => this.onGarbage(line),
      // A server's request too deep to take is answered with an error, as a client would; its notification is dropped.
      onRefused: ({ answer, note }) => {
        if (answer) void this.send(answer).catch(() => undefined);
        this.onerror?.(new Error(note));
      },
      onOverflow: (limit) =>
        this.abandon(`sent a message larger than ${limit} bytes (the limit for one JSON-RPC message)`),
    });
  }

  /** Why the gateway closed the connection itself (a flood, an oversized message), if it did. */
  get closeReason(): string | undefined {
    return this.closeReasonValue;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** Whether the child has exited within `ms` (its exit facts are then known); never rejects. */
  exitedWithin(ms: number): Promise<boolean> {
    return settlesWithin(this.exited, ms);
  }

  /** The last stderr lines (each cut at MAX_STDERR_LINE_CHARS), oldest first. */
  get recentStderr(): string[] {
    return this.stderr.recent();
  }

  start(): Promise<void> {
    if (this.child) throw new Error('ChildProcessTransport already started');
    const { command, args, env, cwd } = this.options;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        env: this.tree.markEnv(env),
        cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        // Its own process group, so shutdown can reach the whole tree (npx → npm → sh → node).
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((done) => child.once('close', () => done()));
      child.once('exit', () => {
        // What it left (helpers that ignore SIGTERM, daemons that ran setsid) is stopped before it counts as gone.
        void this.tree.stopLeftovers().then(() => {
          if (child.pid !== undefined) this.options.onExit?.(child.pid);
        });
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        const wrapped = describeSpawnError(
          error,
          command,
          'Install it or fix "command" in the server\'s config entry',
          cwd,
        );
        if (child.pid === undefined) reject(wrapped);
        else this.onerror?.(wrapped);
      });
      child.once('spawn', () => {
        if (child.pid !== undefined) this.options.onSpawn?.(child.pid, this.tree.token);
        resolve();
      });
      child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        // The server is gone; anything it left in its group (a daemonized helper) can never be reached again.
        killGroup(child, 'SIGTERM');
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => this.stderr.push(chunk));
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || this.closing) {
      return Promise.reject(new NotDeliveredError('The downstream process is not running.'));
    }
    return new Promise((resolve, reject) => {
      if (stdin.write(encodeMessage(message))) return resolve();
      // A full pipe: wait for it to drain, but a child that dies first never drains it.
      const settle = (error?: Error) => {
        stdin.off('drain', onDrain).off('close', onClose).off('error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(new NotDeliveredError('The downstream process exited before it read the request.'));
      const onError = (error: Error) =>
        settle(new NotDeliveredError(`The downstream process stopped reading its input (${error.message}).`, error));
      stdin.once('drain', onDrain).once('close', onClose).once('error', onError);
    });
  }

  /** Idempotent staged shutdown: end stdin, wait, SIGTERM the tree, wait, SIGKILL the tree; then what it left. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (!this.exitInfo) await this.stopInStages(child);
    await this.tree.stopLeftovers();
  }

  private async stopInStages(child: ChildProcess): Promise<void> {
    const grace = this.options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    try {
      child.stdin?.end();
    } catch {
      // Already gone: the signals below still apply.
    }
    if (await settlesWithin(this.exited, grace)) return;
    this.tree.signal(child, 'SIGTERM');
    if (await settlesWithin(this.exited, grace)) return;
    this.tree.signal(child, 'SIGKILL');
    await settlesWithin(this.exited, grace);
  }

  /** For a process `exit` hook, where nothing async can run: SIGTERM the child's tree right now. */
  terminateNow(): void {
    if (this.child && !this.exitInfo) this.tree.signal(this.child, 'SIGTERM');
  }

  private onStdout(chunk: Buffer): void {
    if (this.closeReasonValue) return;
    this.bytesSinceMessage += chunk.length;
    this.decoder.push(chunk);
    const limit =
      (this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES) +
      (this.options.maxGarbageBytes ?? DEFAULT_MAX_GARBAGE_BYTES);
    if (this.bytesSinceMessage > limit)
      this.abandon(`flooded stdout with over ${limit} bytes without one JSON-RPC message`);
  }

  private onGarbage(line: string): void {
    this.garbageLines += 1;
    if (this.garbageLines <= DEFAULT_GARBAGE_REPORT_LINES) this.options.onGarbageLine?.(line);
  }

  /** Closes a connection the server abused; the reason is kept for the failure report. */
  private abandon(reason: string): void {
    if (this.closeReasonValue) return;
    this.closeReasonValue = reason;
    this.decoder.clear();
    // No grace for a server that abuses the pipe: stop its group now, the staged close follows up.
    if (this.child) this.tree.signal(this.child, 'SIGTERM');
    this.onerror?.(new GatewayError('DOWNSTREAM_ERROR', `The server ${reason}; the connection was closed.`));
    void this.close();
  }
}

/** For a process `exit` hook, where nothing async can run: SIGTERM the child's tree right now. */
export function terminateNow(transport: Transport): void {
  if (transport instanceof ChildProcessTransport) transport.terminateNow();
}
