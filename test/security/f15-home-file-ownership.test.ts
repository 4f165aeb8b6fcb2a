// F15: what toolgate reads from TOOLGATE_HOME must be the user's own and writable by nobody else.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverServers } from '../../src/config/discover.js';
import { resolvePaths, type ToolgatePaths } from '../../src/config/paths.js';
import { loadPolicy } from '../../src/policy/load-policy.js';
import { loadSecretStore, setSecret } from '../../src/secrets/secret-store.js';
import { errorOf } from '../support/gateway-error-of.js';

let root: string;
let home: string;
let paths: ToolgatePaths;

beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-f15-home-')));
  home = path.join(root, 'home');
  paths = resolvePaths({}, home);
  await fs.mkdir(paths.home, { recursive: true, mode: 0o700 });
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function writeServersFile(mode: number): Promise<void> {
  await fs.writeFile(
    paths.serversFile,
    JSON.stringify({ mcpServers: { mine: { command: 'node', args: ['server.js'] } } }),
  );
  await fs.chmod(paths.serversFile, mode);
}

const discover = () => discoverServers({ cwd: path.join(root, 'work'), homeDir: home, paths, env: {} });

describe('F15: TOOLGATE_HOME contents are checked for owner and mode', () => {
  it.each([0o664, 0o666])(
    'a servers.json with mode %o is refused, naming the file, the mode and `chmod go-w`',
    async (mode) => {
      await writeServersFile(mode);
      const config = await discover();
      expect(config.servers.has('mine')).toBe(false);
      const problem = config.problems.find((entry) => entry.file === paths.serversFile)?.message;
      expect(problem).toContain(mode.toString(8));
      expect(problem).toContain(`chmod go-w ${paths.serversFile}`);
    },
  );

  it.runIf(process.getuid?.() === 0)(
    'a servers.json owned by another account is refused (it would run as this user, here root)',
    async () => {
      await writeServersFile(0o644);
      await fs.chown(paths.serversFile, 65534, 65534);
      const config = await discover();
      expect(config.servers.has('mine')).toBe(false);
      expect(config.problems.find((entry) => entry.file === paths.serversFile)?.message).toMatch(
        /owned by uid 65534.*chown/,
      );
    },
  );

  it('a servers.json of the user with mode 644 is used', async () => {
    await writeServersFile(0o644);
    expect((await discover()).servers.has('mine')).toBe(true);
  });

  it('a group-writable policy.yaml stops the policy from loading rather than being skipped', async () => {
    await fs.writeFile(paths.policyFile, 'tools:\n  deny: ["*::delete_*"]\n');
    await fs.chmod(paths.policyFile, 0o664);
    const error = await errorOf(loadPolicy([paths.policyFile], { userFile: paths.policyFile }));
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain('664');
    expect(`${error.message} ${error.hint}`).toContain(`chmod go-w ${paths.policyFile}`);
  });

  it('a group-writable secrets.json loads no secrets and says why', async () => {
    await setSecret(paths.secretsFile, 'github', 'GITHUB_TOKEN', 'ghp_x');
    await fs.chmod(paths.secretsFile, 0o620);
    const loaded = await loadSecretStore(paths.secretsFile);
    expect(loaded.store.forServer('github')).toEqual({});
    expect(loaded.problems.join('\n')).toContain(`chmod go-w ${paths.secretsFile}`);
  });
});
