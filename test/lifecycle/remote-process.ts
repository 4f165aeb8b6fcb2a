// Runs test/fixtures/restartable-http-server.mjs as a real process that a test stops and starts on one port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, isAlive, waitFor } from '../support/gateway-process.js';

export interface RemoteProcess {
  pid: number;
  /** The port it listens on (or will, for one started with `waitForListen`). */
  port: number;
  /** Opens the port of a server started with `waitForListen`; resolves once it accepts connections. */
  listen(): Promise<void>;
  /** SIGKILLs it (a remote server that went away) and waits until it is gone. */
  kill(): Promise<void>;
}

export interface RemoteOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** Start the process but open the port only on `listen()`. */
  waitForListen?: boolean;
  env?: Record<string, string>;
}

const FIXTURE = path.join(ROOT, 'test/fixtures/restartable-http-server.mjs');

export async function startRemote(options: RemoteOptions = {}): Promise<RemoteProcess> {
  const child: ChildProcess = spawn(process.execPath, [FIXTURE], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      FIXTURE_LISTEN_ON_STDIN: options.waitForListen ? '1' : '0',
      ...options.env,
    },
  });
  const lines = readLines(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the remote fixture did not start');
  const firstLine = await lines.next(options.waitForListen ? /^waiting$/ : /^listening \d+$/);
  let port = options.port ?? Number(firstLine.split(' ')[1]);
  return {
    pid,
    get port() {
      return port;
    },
    listen: async () => {
      child.stdin?.write('listen\n');
      port = Number((await lines.next(/^listening \d+$/)).split(' ')[1]);
    },
    kill: async () => {
      if (!isAlive(pid)) return;
      child.kill('SIGKILL');
      if (!(await waitFor(() => !isAlive(pid), 5_000))) throw new Error(`remote fixture ${pid} did not die`);
    },
  };
}

function readLines(child: ChildProcess): { next(pattern: RegExp): Promise<string> } {
  const seen: string[] = [];
  let buffered = '';
  const waiters: (() => void)[] = [];
  let exited = false;
  child.once('exit', () => {
    exited = true;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    seen.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    next: (pattern) =>
      new Promise((resolve, reject) => {
        // Room for a loaded machine: this only catches a fixture that never gets there.
        const timer = setTimeout(
          () => reject(new Error(`the remote fixture did not print ${pattern} within 60 s`)),
          60_000,
        );
        const check = () => {
          const index = seen.findIndex((line) => pattern.test(line));
          if (index < 0 && exited) {
            clearTimeout(timer);
            return reject(new Error(`the remote fixture exited before printing ${pattern}`));
          }
          if (index < 0) return void waiters.push(check);
          clearTimeout(timer);
          resolve(seen.splice(0, index + 1)[index] as string);
        };
        check();
      }),
  };
}
