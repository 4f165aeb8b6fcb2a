// Through the composition root: an encrypted secrets file fills templates, and one that cannot be opened is a listed problem, not a stop.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../src/app/create-gateway-app.js';
import { setSecret } from '../../src/secrets/secret-store.js';
import { createSandbox, gatewayEnv, type Sandbox } from '../support/gateway-process.js';

const SECRET = 'tg-encrypted-secret-5be21f';

describe('the gateway and an encrypted secrets file', () => {
  let sandbox: Sandbox | undefined;
  let app: GatewayApp | undefined;
  afterEach(async () => {
    await app?.close();
    sandbox?.remove();
  });

  async function start(): Promise<GatewayApp> {
    sandbox ??= createSandbox();
    app = await createGatewayApp({
      env: gatewayEnv(sandbox),
      cwd: sandbox.project,
      homeDir: sandbox.home,
      nameStyle: 'underscore',
      transport: 'stdio',
      selfScripts: [],
      takeLock: false,
    });
    return app;
  }

  it('opens it with the key file and fills the server entry from it', async () => {
    sandbox = createSandbox();
    const entry = { type: 'http', url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer ${REMOTE_TOKEN}' } };
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(
      path.join(sandbox.toolgateHome, 'servers.json'),
      JSON.stringify({ mcpServers: { remote: entry } }),
    );
    await setSecret(path.join(sandbox.toolgateHome, 'secrets.json'), 'remote', 'REMOTE_TOKEN', SECRET);
    const gateway = (await start()).gateway;
    expect(gateway.config.servers.has('remote')).toBe(true);
    expect(gateway.config.problems).toEqual([]);
  });

  it('keeps serving when the key does not match, and lists the problem with the file named', async () => {
    sandbox = createSandbox();
    const file = path.join(sandbox.toolgateHome, 'secrets.json');
    await setSecret(file, 'remote', 'REMOTE_TOKEN', SECRET);
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'secrets.key'), Buffer.alloc(32, 9), { mode: 0o600 });
    const gateway = (await start()).gateway;
    const problem = gateway.config.problems.find((entry) => entry.file === file);
    expect(problem?.message).toContain(`The secrets file ${file} could not be decrypted`);
    expect(JSON.stringify(gateway.config.problems)).not.toContain(SECRET);
    await gateway.refresh({});
    expect(gateway.config.problems.find((entry) => entry.file === file)).toBeDefined();
  });
});
