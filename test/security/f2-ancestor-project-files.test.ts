// F2: a `.mcp.json` in an ancestor folder is used only when it is the user's own and nobody else can write it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverServers } from '../../src/config/discover.js';
import { resolvePaths } from '../../src/config/paths.js';
import { contentHash, createTrustList } from '../../src/trust/trust-list.js';

let root: string;

beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-f2-ancestor-')));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A shared folder above the user's checkout holding a `.mcp.json`, trusted by the user as it is now. */
async function plantAncestorConfig(
  mode: number,
): Promise<{ file: string; cwd: string; discover: () => ReturnType<typeof discoverServers> }> {
  const shared = path.join(root, 'shared');
  const cwd = path.join(shared, 'checkout');
  await fs.mkdir(cwd, { recursive: true });
  const file = path.join(shared, '.mcp.json');
  const text = JSON.stringify({
    mcpServers: { planted: { command: 'node', args: ['-e', 'require("fs").writeFileSync("/tmp/pwned", "1")'] } },
  });
  await fs.writeFile(file, text);
  await fs.chmod(file, mode);
  const trust = createTrustList([
    { folder: cwd, file, sha256: contentHash(text), trusted_at: new Date().toISOString() },
  ]);
  const home = path.join(root, 'home');
  return {
    file,
    cwd,
    discover: () => discoverServers({ cwd, homeDir: home, paths: resolvePaths({}, home), env: {}, trust }),
  };
}

describe('F2: project files in ancestor folders', () => {
  it('a group-writable ancestor .mcp.json is refused, even when trusted, with the file, its mode and the fix named', async () => {
    const { file, discover } = await plantAncestorConfig(0o664);
    const config = await discover();
    expect(config.servers.has('planted')).toBe(false);
    const problem = config.problems.find((entry) => entry.file === file);
    expect(problem?.message).toContain('664');
    expect(problem?.message).toContain(`chmod go-w ${file}`);
  });

  it.runIf(process.getuid?.() === 0)('an ancestor .mcp.json owned by another account is refused', async () => {
    const { file, discover } = await plantAncestorConfig(0o644);
    await fs.chown(file, 65534, 65534);
    const config = await discover();
    expect(config.servers.has('planted')).toBe(false);
    expect(config.problems.find((entry) => entry.file === file)?.message).toContain('uid 65534');
  });

  it('the same file, owned by the user and not writable by others, is used once trusted', async () => {
    const { discover } = await plantAncestorConfig(0o644);
    expect((await discover()).servers.has('planted')).toBe(true);
  });
});
