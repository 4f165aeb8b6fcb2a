// The rows of `toolgate manifest list`: each manifest server, how it runs, whether it is configured, which credentials are missing.
import { discoverServers } from '../../config/discover.js';
import type { ToolgatePaths } from '../../config/paths.js';
import type { ServerEntry } from '../../config/server-entry.js';
import { configuredIdentifiers } from '../../gateway/uninstalled-servers.js';
import { loadManifest, runMethodOf, type ManifestServer, type RunMethod } from '../../manifest/index.js';
import { credentialStates, missingRequired } from '../../provision/credentials.js';
import { identifiersOf } from '../../provision/uninstalled-source.js';
import { loadScopedSecrets } from '../../secrets/scoped-secrets.js';
import { loadTrustList } from '../../trust/trust-list.js';

export interface ManifestListRow {
  name: string;
  category: string;
  description: string;
  transport: string;
  run: RunMethod;
  /** The npm or PyPI package, or the docker image; absent for remote servers. */
  package?: string;
  version?: string;
  /** Configured in one of the MCP config files, under its own name or another one running the same package. */
  installed: boolean;
  /** The configured name, when installed. */
  configured_as?: string;
  /** Required env vars, and those neither stored with `secrets set` nor set in this environment. */
  credentials: { required: string[]; missing: string[] };
}

export interface ManifestListingOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  homeDir: string;
  paths: ToolgatePaths;
  /** toolgate's own entry scripts, so an entry launching toolgate is not counted as a server. */
  selfScripts: string[];
  explicitConfig?: string;
}

export async function listManifestServers(options: ManifestListingOptions): Promise<{ file: string; servers: ManifestListRow[] }> {
  const { trust } = await loadTrustList(options.paths.trustFile);
  const secrets = await loadScopedSecrets(options.paths.secretsFile, options.cwd, { env: options.env, trust });
  const [manifest, config] = await Promise.all([
    loadManifest(),
    discoverServers({
      cwd: options.cwd,
      homeDir: options.homeDir,
      paths: options.paths,
      env: options.env,
      secretsFor: secrets.forScope,
      trust,
      selfScripts: options.selfScripts,
      ...(options.explicitConfig === undefined ? {} : { explicitConfig: options.explicitConfig }),
    }),
  ]);
  const configuredAs = matchConfigured(config.servers);
  const servers = manifest.servers.map((server) => {
    const stored = secrets.store.forServer(server.name);
    const states = credentialStates(server, stored, options.env);
    const configured = configuredAs(server);
    return {
      name: server.name,
      category: server.category,
      description: server.description,
      transport: server.transport,
      run: runMethodOf(server),
      ...packageOf(server),
      installed: configured !== undefined,
      ...(configured === undefined ? {} : { configured_as: configured }),
      credentials: { required: states.filter((state) => state.required).map((state) => state.name), missing: missingRequired(states) },
    };
  });
  return { file: manifest.file, servers };
}

/** The configured name of a manifest server: its own name, else the first entry running the same package (as search decides). */
function matchConfigured(entries: Map<string, ServerEntry>): (server: ManifestServer) => string | undefined {
  const byIdentifier = new Map<string, string>();
  for (const [name, entry] of entries) for (const id of configuredIdentifiers([entry])) if (!byIdentifier.has(id)) byIdentifier.set(id, name);
  return (server) => (entries.has(server.name) ? server.name : identifiersOf(server).map((id) => byIdentifier.get(id)).find((name) => name !== undefined));
}

function packageOf(server: ManifestServer): { package?: string; version?: string } {
  if (server.npm) return { package: server.npm.package, version: server.npm.version };
  if (server.pypi) return { package: server.pypi.package, version: server.pypi.version };
  if (server.docker) return { package: server.docker.image };
  return {};
}
