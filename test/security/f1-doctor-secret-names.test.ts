// F1: a secrets file holding NODE_OPTIONS (planted, or stored by an older toolgate) went unnoticed; doctor now names it and says how to remove it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSecretsFile } from '../../src/secrets/secret-store.js';
import { runCliJson } from '../cli/run-cli.js';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';

interface Report {
  ok: boolean;
  checks: { id: string; status: string; message: string; fix?: string; subject?: string }[];
}

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
});
afterEach(() => sandbox.remove());

describe('F1: doctor and the names in secrets files', () => {
  it('fails on a loader variable and warns on a name that is not a credential, in the user and the project file, saying how to remove each', async () => {
    await saveSecretsFile(path.join(sandbox.toolgateHome, 'secrets.json'), {
      echo: { NODE_OPTIONS: '--require=/tmp/x.cjs', ECHO_TOKEN: 'tg-doctor-token-1', ECHO_ROOT: '/srv' },
    });
    fs.mkdirSync(path.join(sandbox.project, '.toolgate'), { recursive: true });
    await saveSecretsFile(path.join(sandbox.project, '.toolgate', 'secrets.json'), {
      echo: { LD_PRELOAD: '/tmp/evil.so' },
    });
    const run = await runCliJson<Report>(sandbox, ['doctor']);
    expect(run.exitCode).toBe(1);
    const names = run.json.checks.filter((result) => result.id === 'secret-name');
    expect(names).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        message: expect.stringContaining('NODE_OPTIONS') as unknown as string,
        fix: 'toolgate secrets rm echo NODE_OPTIONS',
      }),
    );
    expect(names).toContainEqual(
      expect.objectContaining({
        status: 'warn',
        message: expect.stringContaining('ECHO_ROOT') as unknown as string,
        fix: expect.stringContaining('toolgate secrets rm echo ECHO_ROOT') as unknown as string,
      }),
    );
    expect(names).toContainEqual(
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('LD_PRELOAD') as unknown as string }),
    );
    expect(names.some((result) => result.message.includes('ECHO_TOKEN'))).toBe(false);
    expect(JSON.stringify(run.json)).not.toContain('tg-doctor-token-1');
  });

  it('passes a file that holds only credentials', async () => {
    await saveSecretsFile(path.join(sandbox.toolgateHome, 'secrets.json'), {
      github: { GITHUB_TOKEN: 'tg-doctor-token-2' },
    });
    const run = await runCliJson<Report>(sandbox, ['doctor']);
    expect(run.json.checks.filter((result) => result.id === 'secret-name')).toEqual([
      expect.objectContaining({ status: 'ok' }),
    ]);
  });
});
