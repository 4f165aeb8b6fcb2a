// The app's close runs every step even when one fails: a pool whose close throws still leaves the lock released.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeInOrder } from '../../src/app/close-in-order.js';
import { createGatewayApp, type GatewayApp } from '../../src/app/create-gateway-app.js';
import { resolvePaths } from '../../src/config/paths.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { isLockHeld } from '../../src/lock/singleton-lock.js';
import { createSandbox, gatewayEnv, type Sandbox } from '../support/gateway-process.js';

/** A real pool that closes its servers, then fails as a broken transport or a stuck child would. */
class FailingPool extends ServerPool {
  override async close(): Promise<void> {
    await super.close();
    throw new Error('the pool could not close (test)');
  }
}

let sandbox: Sandbox | undefined;
const apps: GatewayApp[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close().catch(() => undefined);
  sandbox?.remove();
  sandbox = undefined;
});

async function startApp(failingPool: boolean): Promise<GatewayApp> {
  sandbox ??= createSandbox();
  const app = await createGatewayApp({
    env: gatewayEnv(sandbox),
    cwd: sandbox.project,
    homeDir: sandbox.home,
    nameStyle: 'underscore',
    transport: 'stdio',
    selfScripts: [],
    ...(failingPool ? { createPool: (options) => new FailingPool(options) } : {}),
  });
  apps.push(app);
  return app;
}

describe('the gateway app close', () => {
  it('releases the lock and flushes the log when the pool fails to close, then reports the failure', async () => {
    const app = await startApp(true);
    const { lockDir, logsDir } = resolvePaths(gatewayEnv(sandbox!), sandbox!.home);
    expect(await isLockHeld(lockDir)).toBe(true);

    const failure = await app.close().then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(await isLockHeld(lockDir)).toBe(false);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).message).toContain('downstream servers');
    expect((failure as AggregateError).errors.map((error: Error) => error.message)).toEqual([
      'the pool could not close (test)',
    ]);
    const log = fs
      .readdirSync(logsDir)
      .map((file) => fs.readFileSync(path.join(logsDir, file), 'utf8'))
      .join('');
    expect(log).toContain('a shutdown step failed');
    expect(log).toContain('the pool could not close (test)');
  });

  it('lets the next gateway start after a failed close (the lock is free)', async () => {
    const first = await startApp(true);
    await expect(first.close()).rejects.toBeInstanceOf(AggregateError);
    const second = await startApp(false);
    expect(second.lock).toBeDefined();
    await second.close();
  });

  it('runs once: a second close returns the same outcome without running the steps again', async () => {
    const app = await startApp(true);
    const first = app.close();
    const second = app.close();
    expect(second).toBe(first);
    await expect(first).rejects.toBeInstanceOf(AggregateError);
  });
});

describe('closeInOrder', () => {
  it('runs every step in order past failures and throws them together', async () => {
    const ran: string[] = [];
    const heard: string[] = [];
    const steps = ['a', 'b', 'c', 'd'].map((name) => ({
      name,
      run: async () => {
        ran.push(name);
        if (name === 'a' || name === 'c') throw new Error(`${name} failed`);
      },
    }));
    const failure = await closeInOrder(steps, (step) => heard.push(step)).then(
      () => undefined,
      (error: unknown) => error as AggregateError,
    );
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    expect(heard).toEqual(['a', 'c']);
    expect(failure?.errors.map((error: Error) => error.message)).toEqual(['a failed', 'c failed']);
    expect(failure?.message).toContain('2 of 4 steps failed (a, c)');
  });

  it('resolves when every step succeeds', async () => {
    await expect(closeInOrder([{ name: 'only', run: () => undefined }])).resolves.toBeUndefined();
  });
});
