// `toolgate` on stdio says what it is when a person starts it at a terminal, and nothing when a client does.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { TERMINAL_NOTICE } from '../../src/cli/terminal-notice.js';
import {
  createSandbox,
  gatewayEnv,
  isAlive,
  TOOLGATE_BIN,
  waitFor,
  waitForExit,
  type Sandbox,
} from '../support/gateway-process.js';

describe('the stdio gateway started by hand', () => {
  const sandboxes: Sandbox[] = [];
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const sandbox of sandboxes.splice(0)) sandbox.remove();
  });

  it('prints one line on stderr when stdin is a terminal (a pty made by `script`)', async () => {
    const sandbox = createSandbox();
    sandboxes.push(sandbox);
    // `script` runs the gateway on a new pseudo-terminal: its stdin is a terminal, its stderr goes to our stdout.
    const child = spawn('script', ['-qec', `${process.execPath} ${TOOLGATE_BIN}`, '/dev/null'], {
      cwd: sandbox.project,
      env: gatewayEnv(sandbox),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    pids.push(child.pid!);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await waitFor(() => output.includes('Ctrl-C to quit.'), 30_000)).toBe(true);
    const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
    expect(lines).toEqual([TERMINAL_NOTICE]);
    // End of input at the terminal (script passes it on) ends the gateway like a client closing stdin.
    child.stdin.end();
    await waitForExit(child.pid!, 15_000);
  });

  it('prints nothing when stdin is a pipe from a client', async () => {
    const sandbox = createSandbox();
    sandboxes.push(sandbox);
    const child = spawn(process.execPath, [TOOLGATE_BIN], {
      cwd: sandbox.project,
      env: gatewayEnv(sandbox, { TOOLGATE_LOG_LEVEL: 'info' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    pids.push(child.pid!);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // An answer to ping proves the gateway is up, so anything it would print at start has been printed.
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`);
    expect(await waitFor(() => stdout.includes('"id":1'), 30_000)).toBe(true);
    child.stdin.end();
    await waitForExit(child.pid!, 15_000);
    expect(stderr).not.toContain('waiting for an MCP client');
  });
});
