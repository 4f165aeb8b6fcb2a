// A provision that fails leaves servers.json as it was (a previous entry of the same name comes back) and no install folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/gateway.js';
import { silentLogger } from '../../src/log/logger.js';
import type { ManifestServer } from '../../src/manifest/index.js';
import { JobRegistry } from '../../src/provision/provision-jobs.js';
import type { ProvisionableCatalog } from '../../src/provision/provisionable-catalog.js';
import { Provisioner } from '../../src/provision/provisioner.js';
import { ServersFile } from '../../src/provision/servers-file.js';

/** A remote server: nothing to install, so the test runs offline; it never starts (the gateway stub has no pool entry). */
const REMOTE: ManifestServer = {
  name: 'remote',
  description: 'A hosted test server.',
  category: 'vcs',
  keywords: ['test'],
  transport: 'http',
  url: 'https://mcp.example.com/mcp',
  env: [],
  homepage: 'https://example.com',
};

const USER_ENTRY = { command: 'my-remote', args: ['--local'], disabled: true };

let dir: string;
let jobs: JobRegistry;
let refreshes: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-rollback-'));
  jobs = new JobRegistry(silentLogger);
  refreshes = 0;
});
afterEach(async () => {
  await jobs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function provisionerWith(serversFile: ServersFile): Provisioner {
  const policy = {
    policy: { provisioning: 'on' },
    sources: [],
    decideServer: () => ({ allowed: true }),
    isVisible: () => true,
  };
  const refresh = () => {
    refreshes += 1;
    return Promise.resolve({});
  };
  const gateway = { policy, pool: { get: () => undefined }, config: { disabled: [] }, refresh } as unknown as Gateway;
  const catalog = {
    get: () => Promise.resolve({ server: REMOTE, origin: 'manifest', tools: [] }),
  } as unknown as ProvisionableCatalog;
  return new Provisioner({
    gateway,
    catalog,
    serversFile,
    serversDir: path.join(dir, 'servers'),
    jobs,
    env: {},
    secretsFor: () => ({}),
    logger: silentLogger,
  });
}

async function failedProvision(provisioner: Provisioner) {
  const job = await provisioner.provision('remote');
  await job.finished;
  expect(job.view().state).toBe('failed');
  return job;
}

/** As an install leaves it: the server's folder under TOOLGATE_HOME/servers. */
function installFolder(): string {
  const folder = path.join(dir, 'servers', 'remote');
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

function readEntries(file: string): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers: Record<string, unknown> }).mcpServers;
}

describe('provision rollback', () => {
  it('puts back an entry of the same name that was there before, instead of deleting it', async () => {
    const file = path.join(dir, 'servers.json');
    fs.writeFileSync(file, JSON.stringify({ mcpServers: { remote: USER_ENTRY, other: { command: 'x' } } }));
    await failedProvision(provisionerWith(new ServersFile(file)));
    expect(readEntries(file)).toEqual({ remote: USER_ENTRY, other: { command: 'x' } });
  });

  it('removes the entry and the install folder when there was no entry before', async () => {
    const file = path.join(dir, 'servers.json');
    const folder = installFolder();
    await failedProvision(provisionerWith(new ServersFile(file)));
    expect(readEntries(file)).toEqual({});
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('removes the install folder when servers.json cannot be written', async () => {
    class UnwritableServersFile extends ServersFile {
      override upsert(): Promise<void> {
        return Promise.reject(new Error('EACCES: permission denied'));
      }
    }
    const folder = installFolder();
    await failedProvision(provisionerWith(new UnwritableServersFile(path.join(dir, 'servers.json'))));
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('still removes the install folder and refreshes when taking the entry out fails', async () => {
    class StuckServersFile extends ServersFile {
      override remove(): Promise<void> {
        return Promise.reject(new Error('EROFS: read-only file system'));
      }
    }
    const folder = installFolder();
    const job = await failedProvision(provisionerWith(new StuckServersFile(path.join(dir, 'servers.json'))));
    expect(fs.existsSync(folder)).toBe(false);
    // One refresh to start the server, one after the rollback.
    expect(refreshes).toBe(2);
    expect(job.view().error?.message).toMatch(/not in the configuration/);
    expect(job.view().output_tail.join('\n')).toMatch(/could not remove the entry: EROFS/);
  });
});
