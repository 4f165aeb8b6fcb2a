// Every server toolgate can provision: the shipped manifest plus servers registered from the MCP Registry.
import type { Logger } from '../log/logger.js';
import {
  defaultToolSnapshotDir,
  loadManifest,
  loadToolSnapshots,
  type ManifestServer,
  type SnapshotTool,
} from '../manifest/index.js';
import type { RegisteredServers } from './registered-servers.js';

export interface ProvisionableServer {
  server: ManifestServer;
  origin: 'manifest' | 'registry';
  /** The shipped snapshot of its tools; empty when none. */
  tools: SnapshotTool[];
}

export interface ProvisionableCatalogOptions {
  registered: RegisteredServers;
  logger: Logger;
  /** Default: the shipped manifest/servers.yaml and manifest/tools/. */
  manifestFile?: string;
  snapshotDir?: string;
}

/** Read once on first use and kept until `invalidate()` (refresh, or a server registered). */
export class ProvisionableCatalog {
  private loading: Promise<Map<string, ProvisionableServer>> | undefined;

  constructor(private readonly options: ProvisionableCatalogOptions) {}

  list(): Promise<ProvisionableServer[]> {
    return this.load().then((servers) => [...servers.values()]);
  }

  async get(name: string): Promise<ProvisionableServer | undefined> {
    return (await this.load()).get(name);
  }

  invalidate(): void {
    this.loading = undefined;
  }

  private load(): Promise<Map<string, ProvisionableServer>> {
    this.loading ??= this.read().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async read(): Promise<Map<string, ProvisionableServer>> {
    const { logger } = this.options;
    const [manifest, snapshots, registered] = await Promise.all([
      loadManifest(this.options.manifestFile).catch((error: unknown) => {
        // A broken or missing manifest must not take the gateway down: configured servers still work.
        logger.warn(
          { err: (error as Error).message },
          'the server manifest could not be loaded; no manifest servers are provisionable',
        );
        return { servers: [] as ManifestServer[] };
      }),
      loadSnapshots(this.options.snapshotDir ?? defaultToolSnapshotDir(), logger),
      this.options.registered.list().catch((error: unknown) => {
        logger.warn({ err: (error as Error).message }, 'registered servers could not be read');
        return [] as ManifestServer[];
      }),
    ]);
    const servers = new Map<string, ProvisionableServer>();
    for (const server of manifest.servers)
      servers.set(server.name, { server, origin: 'manifest', tools: snapshots.get(server.name)?.tools ?? [] });
    // The shipped manifest wins over a registered server of the same name.
    for (const server of registered)
      if (!servers.has(server.name)) servers.set(server.name, { server, origin: 'registry', tools: [] });
    return servers;
  }
}

async function loadSnapshots(dir: string | undefined, logger: Logger) {
  if (dir === undefined) return new Map<string, { tools: SnapshotTool[] }>();
  return loadToolSnapshots(dir, {
    onInvalid: (error) => logger.warn({ err: error.message }, 'skipped an invalid tool snapshot'),
  });
}
