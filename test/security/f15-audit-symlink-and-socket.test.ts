// F15: a planted audit symlink is never followed, and a squatted socket path in the temp folder stops nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditFileName } from '../../src/audit/audit-files.js';
import { readLockOwner } from '../../src/lock/singleton-lock.js';
import { runCli } from '../cli/run-cli.js';
import {
  createSandbox,
  fixture,
  startGateway,
  textOf,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';

const TIMEOUT = 120_000;

let sandbox: Sandbox | undefined;
let gateway: GatewayProcess | undefined;

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  sandbox?.remove();
  sandbox = undefined;
});

describe('F15: the audit log does not follow a planted symlink', () => {
  it(
    "a symlink at today's audit file is not written through; the gateway keeps serving and doctor names it",
    { timeout: TIMEOUT },
    async () => {
      sandbox = createSandbox();
      const target = path.join(sandbox.root, 'victim-file');
      fs.writeFileSync(target, 'precious\n');
      const auditDir = path.join(sandbox.toolgateHome, 'audit');
      fs.mkdirSync(auditDir, { recursive: true, mode: 0o700 });
      const link = path.join(auditDir, auditFileName(new Date()));
      fs.symlinkSync(target, link);

      gateway = await startGateway({ sandbox, servers: { echo: fixture('echo-server.mjs') } });
      for (const text of ['one', 'two']) {
        const result = await gateway.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text } });
        expect(textOf(result)).toContain(text);
      }
      await gateway.close();
      gateway = undefined;
      expect(fs.readFileSync(target, 'utf8')).toBe('precious\n');

      const doctor = await runCli(sandbox, ['doctor', '--json']);
      const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string; message: string }[] };
      const audit = report.checks.find((check) => check.id === 'audit-log');
      expect(audit?.status).toBe('fail');
      expect(audit?.message).toContain('symbolic link');
    },
  );
});

describe('F15: the control socket outside TOOLGATE_HOME is private to the user', () => {
  it(
    'a squatted socket path in the temp folder does not stop start-up, and the CLI still finds the gateway',
    { timeout: TIMEOUT },
    async () => {
      sandbox = createSandbox();
      // Too deep for a socket beside the lock: the fallback was tmpdir/toolgate-<sha256(lockDir)>.sock, which anyone could create first.
      const lockDir = path.join(sandbox.root, 'l'.repeat(60), 'o'.repeat(60), 'ck');
      const digest = createHash('sha256').update(path.resolve(lockDir)).digest('hex').slice(0, 16);
      const predictable = path.join(os.tmpdir(), `toolgate-${digest}.sock`);
      fs.mkdirSync(path.join(predictable, 'squatted'), { recursive: true });
      try {
        gateway = await startGateway({
          sandbox,
          servers: { echo: fixture('echo-server.mjs') },
          env: { TOOLGATE_LOCK_DIR: lockDir },
        });
        const result = await gateway.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text: 'alive' } });
        expect(textOf(result)).toContain('alive');
        const status = await runCli(sandbox, ['status', '--json'], { env: { TOOLGATE_LOCK_DIR: lockDir } });
        expect(status.exitCode, status.stderr).toBe(0);
        expect((JSON.parse(status.stdout) as { pid: number }).pid).toBe(gateway.pid);
        // The private folder is the gateway's alone, and goes with it.
        const socket = (await readLockOwner(lockDir))?.socket;
        expect(socket).toBeDefined();
        expect(fs.statSync(path.dirname(socket!)).mode & 0o777).toBe(0o700);
        await gateway.close();
        gateway = undefined;
        expect(fs.existsSync(path.dirname(socket!))).toBe(false);
      } finally {
        fs.rmSync(predictable, { recursive: true, force: true });
      }
    },
  );
});
