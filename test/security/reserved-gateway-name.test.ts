// A server named like the meta-tools' namespace would share their policy rules (`gateway::auth_connect` ...),
// so a rule meant for one would judge the other: the name is refused wherever a server is named.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { discoverServers } from '../../src/config/discover.js';
import { resolvePaths } from '../../src/config/paths.js';
import { assertServerName } from '../../src/provision/provisioner.js';
import { errorOf } from '../support/gateway-error-of.js';

let root: string;

beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-reserved-')));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

it.each(['gateway', 'Gateway', 'GATEWAY'])(
  'disables a configured server named %s with an error that says why and what to do',
  async (name) => {
    const home = path.join(root, 'home');
    const paths = resolvePaths({}, home);
    await fs.mkdir(path.dirname(paths.serversFile), { recursive: true, mode: 0o700 });
    await fs.writeFile(
      paths.serversFile,
      JSON.stringify({
        mcpServers: { [name]: { command: 'node', args: ['x.js'] }, ok: { command: 'node', args: ['y.js'] } },
      }),
      { mode: 0o600 },
    );
    const config = await discoverServers({
      cwd: path.join(root, 'work'),
      homeDir: home,
      paths,
      env: {},
      trust: { verdict: () => 'trusted' },
    });
    expect(config.servers.has(name)).toBe(false);
    expect(config.servers.has('ok')).toBe(true);
    const disabled = config.disabled.find((server) => server.name === name);
    expect(disabled?.error).toMatch(/reserved/);
    expect(disabled?.error).toMatch(/Rename/);
  },
);

it('refuses to provision or register a server named gateway', async () => {
  const error = await errorOf(Promise.resolve().then(() => assertServerName('gateway')));
  expect(error.code).toBe('INVALID_ARGUMENTS');
  expect(error.message).toMatch(/reserved/);
});
