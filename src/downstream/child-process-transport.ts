// An MCP stdio transport for one child process: own process group, staged shutdown, stderr tail, exit facts.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../errors/index.js';
import { DEFAULT_MAX_LINE_BYTES, encodeMessage, JsonLineDecoder } from '../wire/json-lines.js';

/** A single JSON-RPC line larger than this closes the connection (a flood must not exhaust memory). */
export const DEFAULT_MAX_MESSAGE_BYTES = DEFAULT_MAX_LINE_BYTES;
/** How many stderr lines are kept to explain a crash. */
export const DEFAULT_STDERR_TAIL_LINES = 40;
/** Staged shutdown: wait this long after closing stdin, then again after SIGTERM, before SIGKILL. */
export const DEFAULT_CLOSE_GRACE_MS = 1_500;

export interface ChildProcessTransportOptions {
  command: string;
  args: string[];
  /** The complete environment of the child; nothing else is inherited. */
  env: Record<string, string>;
  cwd?: string;
  maxMessageBytes?: number;
  closeGraceMs?: number;
  onStderrLine?: (line: string) => void;
  /** Called for each stdout line that is not JSON-RPC (servers that print banners). */
  onGarbageLine?: (line: string) => void;
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
  private readonly stderrTail: string[] = [];
  private stderrPartial = '';
  private exitInfo: ExitInfo | undefined;
  private closing: Promise<void> | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChildProcessTransportOptions) {
    this.decoder = new JsonLineDecoder({
      maxLineBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      onMessage: (message) => this.onmessage?.(message),
      onGarbage: (line) => options.onGarbageLine?.(line),
      onOverflow: (limit) => {
        this.onerror?.(new GatewayError('DOWNSTREAM_ERROR', `The server sent a message larger than ${limit} bytes; the connection was closed.`));
        void this.close();
      },
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** The last stderr lines, oldest first. */
  get recentStderr(): string[] {
    return this.stderrPartial ? [...this.stderrTail, this.stderrPartial] : [...this.stderrTail];
  }

  start(): Promise<void> {
    if (this.child) throw new Error('ChildProcessTransport already started');
    const { command, args, env, cwd } = this.options;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        env,
        cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        // Its own process group, so shutdown can reach the whole tree (npx → npm → sh → node).
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((done) => child.once('close', () => done()));
      child.once('error', (error: NodeJS.ErrnoException) => {
        const wrapped = describeSpawnError(error, command, cwd);
        if (child.pid === undefined) reject(wrapped);
        else this.onerror?.(wrapped);
      });
      child.once('spawn', () => resolve());
      child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.decoder.push(chunk));
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => this.onStderr(chunk));
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || this.closing) {
      return Promise.reject(new GatewayError('DOWNSTREAM_UNAVAILABLE', 'The downstream process is not running.'));
    }
    return new Promise((resolve) => {
      if (stdin.write(encodeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Idempotent staged shutdown: end stdin, wait, SIGTERM the group, wait, SIGKILL the group. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const child = this.child;
    if (!child || this.exitInfo) return;
    const grace = this.options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    try {
      child.stdin?.end();
    } catch {
      // Already gone: the signals below still apply.
    }
    if (await settlesWithin(this.exited, grace)) return;
    killGroup(child, 'SIGTERM');
    if (await settlesWithin(this.exited, grace)) return;
    killGroup(child, 'SIGKILL');
    await settlesWithin(this.exited, grace);
  }

  private onStderr(chunk: string): void {
    const lines = (this.stderrPartial + chunk).split(/\r?\n/);
    this.stderrPartial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      this.stderrTail.push(line);
      if (this.stderrTail.length > DEFAULT_STDERR_TAIL_LINES) this.stderrTail.shift();
      this.options.onStderrLine?.(line);
    }
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
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

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

function describeSpawnError(error: NodeJS.ErrnoException, command: string, cwd: string | undefined): GatewayError {
  if (error.code === 'ENOENT') {
    return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Command "${command}" was not found${cwd ? ` (or the working directory "${cwd}" does not exist)` : ''}.`, {
      hint: `Install it or fix "command" in the server's config entry (check it with \`which ${command}\`).`,
      cause: error,
    });
  }
  if (error.code === 'EACCES') {
    return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Command "${command}" is not executable.`, {
      hint: 'Check its file permissions (chmod +x) or run it through its interpreter (e.g. "node").',
      cause: error,
    });
  }
  return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Could not start "${command}": ${error.message}`, { cause: error });
}

/** For a process `exit` hook, where nothing async can run: SIGTERM the child's group right now. */
export function terminateNow(transport: Transport): void {
  if (!(transport instanceof ChildProcessTransport) || transport.exit) return;
  const pid = transport.pid;
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
