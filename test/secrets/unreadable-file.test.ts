// A secrets file that is there but cannot be read is a reported problem, not an empty store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../src/app/create-gateway-app.js';
import { loadSecretStore } from '../../src/secrets/secret-store.js';
import { createSandbox, gatewayEnv, type Sandbox } from '../support/gateway-process.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-secrets-unreadable-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an unreadable secrets file', () => {
  it('a directory where secrets.json should be is reported', async () => {
    const file = path.join(dir, 'secrets.json');
    fs.mkdirSync(file);
    const { store, problems } = await loadSecretStore(file);
    expect(store.values()).toEqual([]);
    expect(problems).toEqual([
      expect.stringContaining(`${file} could not be read: expected a readable JSON file, received a directory`),
    ]);
  });

  it('a missing file is still no problem', async () => {
    expect((await loadSecretStore(path.join(dir, 'secrets.json'))).problems).toEqual([]);
  });

  it('the gateway keeps running and lists the problem in its config problems (gateway.health)', async () => {
    const sandbox: Sandbox = createSandbox();
    let app: GatewayApp | undefined;
    try {
      fs.mkdirSync(path.join(sandbox.toolgateHome, 'secrets.json'), { recursive: true });
      app = await createGatewayApp({
        env: gatewayEnv(sandbox),
        cwd: sandbox.project,
        homeDir: sandbox.home,
        nameStyle: 'underscore',
        transport: 'stdio',
        selfScripts: [],
        takeLock: false,
      });
      const problem = app.gateway.config.problems.find(
        (entry) => entry.file === path.join(sandbox.toolgateHome, 'secrets.json'),
      );
      expect(problem?.message).toContain('could not be read');
    } finally {
      await app?.close();
      sandbox.remove();
    }
  });
});
