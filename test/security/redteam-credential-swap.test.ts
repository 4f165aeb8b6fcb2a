// Red team (F1): under the default policy a model could call auth_connect again for a credential the user
// already stored and swap it for its own (the user's GitHub writes would then go to the attacker's account).
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSecretsFile } from '../../src/secrets/secret-store.js';
import { createSandbox, fixture, startGateway, type GatewayProcess } from '../support/gateway-process.js';

const USERS = 'ghp_USERS0123456789abcdefghijklmn';
const ATTACKERS = 'ghp_ATTACKER0123456789abcdefghijk';

let gw: GatewayProcess;
const secretsFile = () => path.join(gw.sandbox.toolgateHome, 'secrets.json');

beforeAll(async () => {
  const sandbox = createSandbox();
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(sandbox.toolgateHome, 'servers.json'),
    JSON.stringify({ mcpServers: { echo: fixture('echo-server.mjs', { ECHO_TOKEN: '${ECHO_TOKEN:-none}' }) } }),
    { mode: 0o600 },
  );
  gw = await startGateway({ sandbox });
});
afterAll(async () => {
  await gw?.close();
  gw?.sandbox.remove();
});

function errorOf(result: CallToolResult): { code: string; message: string; hint?: string } {
  expect(result.isError).toBe(true);
  return (result.structuredContent as { error: { code: string; message: string; hint?: string } }).error;
}

it('stores a missing credential, then refuses to replace it and points the user to the CLI', async () => {
  const first = (await gw.call('gateway_auth_connect', {
    server: 'echo',
    name: 'ECHO_TOKEN',
    value: USERS,
  })) as CallToolResult;
  expect(first.isError).toBeFalsy();
  const swap = errorOf(await gw.call('gateway_auth_connect', { server: 'echo', name: 'ECHO_TOKEN', value: ATTACKERS }));
  expect(swap.code).toBe('POLICY_DENIED');
  expect(swap.message).toContain('already stored');
  expect(swap.hint).toContain('toolgate secrets set echo ECHO_TOKEN');
  expect(JSON.stringify(swap)).not.toContain(ATTACKERS);
  expect(await readSecretsFile(secretsFile())).toEqual({ echo: { ECHO_TOKEN: USERS } });
});
