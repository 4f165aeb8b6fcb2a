// Through the composition root: a credential in secrets.json fills the `${VAR}` of its server's entry.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../src/app/create-gateway-app.js';
import { createSandbox, gatewayEnv, type Sandbox } from '../support/gateway-process.js';

const SECRET = 'tg-template-secret-19c0ad';

describe('stored secrets and config templates', () => {
  let sandbox: Sandbox | undefined;
  let app: GatewayApp | undefined;
  afterEach(async () => {
    await app?.close();
    sandbox?.remove();
  });

  it('a server whose header uses a stored credential is configured, on start and after a refresh', async () => {
    sandbox = createSandbox();
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    const entry = { type: 'http', url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer ${REMOTE_TOKEN}' } };
    fs.writeFileSync(
      path.join(sandbox.toolgateHome, 'servers.json'),
      JSON.stringify({ mcpServers: { remote: entry } }),
    );
    fs.writeFileSync(
      path.join(sandbox.toolgateHome, 'secrets.json'),
      JSON.stringify({ servers: { remote: { REMOTE_TOKEN: SECRET } } }),
      { mode: 0o600 },
    );
    app = await createGatewayApp({
      env: gatewayEnv(sandbox),
      cwd: sandbox.project,
      homeDir: sandbox.home,
      nameStyle: 'underscore',
      transport: 'stdio',
      selfScripts: [],
      takeLock: false,
    });
    expect(app.gateway.config.disabled.map((server) => server.name)).not.toContain('remote');
    expect(app.gateway.config.servers.has('remote')).toBe(true);
    await app.gateway.refresh({});
    expect(app.gateway.config.servers.has('remote')).toBe(true);
  });
});
