// Stored credentials fill `${VAR}` templates of their own server's entry when the config is read.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverServers, type DiscoverOptions } from '../../src/config/discover.js';
import { resolvePaths } from '../../src/config/paths.js';

const SECRET = 'ghp_stored-secret-4e1b9a';

/** The stored secrets of one server only, as the gateway's secret store answers. */
function storedFor(owner: string, vars: Record<string, string>) {
  return (server: string): Record<string, string> => (server === owner ? vars : {});
}
let root: string;

beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-secret-templates-')));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function discoverWith(servers: Record<string, unknown>, options: Partial<DiscoverOptions>) {
  const home = path.join(root, 'home');
  const paths = resolvePaths({}, home);
  await fs.mkdir(path.dirname(paths.serversFile), { recursive: true });
  await fs.writeFile(paths.serversFile, JSON.stringify({ mcpServers: servers }));
  return discoverServers({ cwd: path.join(root, 'project'), homeDir: home, paths, env: {}, ...options });
}

describe('secrets in config templates', () => {
  it("fills a header template from the server's stored secret", async () => {
    const config = await discoverWith(
      {
        github: {
          type: 'http',
          url: 'https://api.example.com/mcp',
          headers: { Authorization: 'Bearer ${GITHUB_PERSONAL_ACCESS_TOKEN}' },
        },
      },
      { secretsFor: storedFor('github', { GITHUB_PERSONAL_ACCESS_TOKEN: SECRET }) },
    );
    expect(config.disabled).toEqual([]);
    const entry = config.servers.get('github');
    expect(entry?.transport === 'http' && entry.headers).toEqual({ Authorization: `Bearer ${SECRET}` });
  });

  it('fills an args template from a stored secret, and a stored value wins over the environment', async () => {
    const config = await discoverWith(
      { pg: { command: 'pg-mcp', args: ['${DATABASE_URL}'] } },
      { env: { DATABASE_URL: 'from-env' }, secretsFor: storedFor('pg', { DATABASE_URL: 'from-secrets' }) },
    );
    const entry = config.servers.get('pg');
    expect(entry?.transport === 'stdio' && entry.args).toEqual(['from-secrets']);
  });

  it("never uses one server's secret for another server, and the message names the variable only", async () => {
    const config = await discoverWith(
      { other: { command: 'other-mcp', args: ['--token', '${GITHUB_PERSONAL_ACCESS_TOKEN}'] } },
      { secretsFor: storedFor('github', { GITHUB_PERSONAL_ACCESS_TOKEN: SECRET }) },
    );
    const error = config.disabled.find((server) => server.name === 'other')?.error ?? '';
    expect(error).toContain('${GITHUB_PERSONAL_ACCESS_TOKEN} (in args[1]) is not set');
    expect(error).toContain('gateway_auth_connect');
    expect(error).not.toContain(SECRET);
  });
});
