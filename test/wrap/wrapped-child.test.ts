// WrappedChild signals its process group once as the child exits (helpers left behind must not outlive it), and never after.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WrappedChild } from '../../src/wrap/wrapped-child.js';

/** A child that starts a helper holding its stdout, prints the helper's pid, then exits. */
const LEAVES_A_HELPER = [
  '-e',
  "const { spawn } = require('node:child_process'); const helper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: ['ignore', 'inherit', 'ignore'] }); helper.unref(); process.stdout.write(helper.pid + '\\n', () => process.exit(0));",
];

describe('WrappedChild', () => {
  const helpers: number[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const pid of helpers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  it('sends no signal after the child has closed, not even from stop() or terminateNow()', async () => {
    const child = await WrappedChild.start({
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      env: process.env,
    });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    const kill = vi.spyOn(process, 'kill');
    child.terminateNow();
    expect(await child.stop()).toEqual({ code: 3, signal: null });
    expect(kill).not.toHaveBeenCalled();
  });

  it('stops the helpers a child left in its group as the child exits, so none outlives it', async () => {
    const child = await WrappedChild.start({
      command: process.execPath,
      args: LEAVES_A_HELPER,
      env: process.env,
      stopGraceMs: 100,
    });
    const helperPid = await new Promise<number>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    helpers.push(helperPid);
    expect(await child.stop()).toEqual({ code: 0, signal: null });
    const alive = () => {
      try {
        process.kill(helperPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive).toBe(false);
  });
});
