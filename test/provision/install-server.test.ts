// A PyPI server's entry runs through uvx with its package cache in the server's own folder under TOOLGATE_HOME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestServerSchema } from '../../src/manifest/index.js';
import { installServer, removeInstall, UV_CACHE_FOLDER } from '../../src/provision/install-server.js';

let root: string;
let serversDir: string;
let bin: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-install-'));
  serversDir = path.join(root, 'servers');
  // uv is on neither npm nor Debian here: a stand-in uvx that answers `--version` like the real one.
  bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'uvx'), '#!/bin/sh\n[ "$1" = "--version" ] && echo "uvx 0.9.0" && exit 0\nexit 3\n', {
    mode: 0o755,
  });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const time = manifestServerSchema.parse({
  name: 'time',
  description: 'Current time in any time zone.',
  category: 'time',
  keywords: ['time'],
  transport: 'stdio',
  pypi: { package: 'mcp-server-time', version: '2026.10.19' },
  homepage: 'https://github.com/modelcontextprotocol/servers',
});

function context(pathVar: string) {
  return {
    serversDir,
    env: { PATH: pathVar },
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    onOutput: () => undefined,
  };
}

describe('installServer for a PyPI server', () => {
  it('writes a uvx entry whose UV_CACHE_DIR is inside the server folder, and removing the install removes the cache', async () => {
    const entry = await installServer(
      { server: time, origin: 'manifest', tools: [] },
      [],
      context(`${bin}:/usr/bin:/bin`),
    );
    expect(entry).toMatchObject({ command: 'uvx', args: expect.arrayContaining(['mcp-server-time==2026.10.19']) });
    const cache = (entry as { env: Record<string, string> }).env.UV_CACHE_DIR;
    expect(cache).toBe(path.join(serversDir, 'time', UV_CACHE_FOLDER));
    expect(fs.statSync(cache!).mode & 0o777).toBe(0o700);
    await removeInstall(serversDir, 'time');
    expect(fs.existsSync(path.join(serversDir, 'time'))).toBe(false);
  });

  it('fails with PROVISION_FAILED naming uvx when it is not on PATH, creating nothing', async () => {
    await expect(
      installServer({ server: time, origin: 'manifest', tools: [] }, [], context('/nonexistent')),
    ).rejects.toMatchObject({ code: 'PROVISION_FAILED', message: expect.stringContaining('uvx') });
    expect(fs.existsSync(serversDir)).toBe(false);
  });
});
