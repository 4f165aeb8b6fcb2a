// Concurrent update_server and provision requests for one server make one job, whatever their order.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/gateway.js';
import { silentLogger } from '../../src/log/logger.js';
import { JobRegistry } from '../../src/provision/provision-jobs.js';
import type { ProvisionableCatalog } from '../../src/provision/provisionable-catalog.js';
import { Provisioner } from '../../src/provision/provisioner.js';
import { ServerUpdater } from '../../src/provision/server-updater.js';
import { ServersFile, type Provenance } from '../../src/provision/servers-file.js';

const PROVENANCE: Provenance = {
  origin: 'manifest',
  method: 'npm',
  package: '@example/memory',
  version: '1.0.0',
  provisioned_at: '2025-01-01T00:00:00.000Z',
};

let dir: string;
let jobs: JobRegistry;
let provisioner: Provisioner;

/** Just what provision and update touch on the gateway: policy allows everything; the server is configured and ready. */
function gatewayStub(): Gateway {
  const policy = {
    policy: { provisioning: 'on' },
    sources: [],
    decideServer: () => ({ allowed: true }),
    isVisible: () => true,
  };
  const pool = { get: () => ({ ensureReady: () => Promise.resolve([]) }) };
  return { policy, pool, config: { disabled: [] }, refresh: () => Promise.resolve({}) } as unknown as Gateway;
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-one-job-'));
  const serversFile = new ServersFile(path.join(dir, 'servers.json'));
  await serversFile.upsert('memory', { command: 'node', args: [path.join(dir, 'bin.js')], toolgate: PROVENANCE });
  jobs = new JobRegistry(silentLogger);
  const catalog = { get: () => Promise.resolve(undefined) } as unknown as ProvisionableCatalog;
  provisioner = new Provisioner({
    gateway: gatewayStub(),
    catalog,
    serversFile,
    serversDir: path.join(dir, 'servers'),
    jobs,
    env: {},
    secretsFor: () => ({}),
    logger: silentLogger,
  });
});
afterEach(async () => {
  await jobs.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('one job per server', () => {
  it('two update_server calls for one server at once return the same job', async () => {
    const updater = new ServerUpdater(provisioner);
    const [first, second] = await Promise.all([updater.update('memory', '1.0.0'), updater.update('memory', '1.0.0')]);
    expect(second.id).toBe(first.id);
    await first.finished;
    expect(first.view()).toMatchObject({ kind: 'update', state: 'succeeded' });
  });

  it('a provision arriving while an update is being started joins the update', async () => {
    const updater = new ServerUpdater(provisioner);
    const [update, provision] = await Promise.all([updater.update('memory', '1.0.0'), provisioner.provision('memory')]);
    expect(provision.id).toBe(update.id);
    expect(update.kind).toBe('update');
  });

  it('a refused update frees the server for the next request', async () => {
    const updater = new ServerUpdater(provisioner);
    await expect(updater.update('memory', '^1.0.0')).rejects.toThrow();
    const job = await updater.update('memory', '1.0.0');
    await job.finished;
    expect(job.view().state).toBe('succeeded');
  });
});
