// Servers toolgate could provision but that are not configured: their snapshot tools are searchable, marked not installed.
import type { CatalogTool, ServerFacts, ToolIndex } from '../catalog/tool-index.js';
import type { ServerEntry } from '../config/server-entry.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import type { CallContext } from './meta-tool.js';

export interface UninstalledServer {
  name: string;
  facts: ServerFacts;
  /** The shipped snapshot of its tools; empty when none was captured. */
  tools: CatalogTool[];
  /** Package ids (`npm:<name>`, `pypi:<name>`, `docker:<image>`, `url:<url>`): a configured server using one is this server. */
  identifiers: string[];
}

/** What a model should do to use an uninstalled server: the exact next calls. */
export interface ProvisionAdvice {
  hint: string;
  next_calls: string[];
  missing_credentials?: string[];
}

/** The seam the provision domain fills: which servers exist, how to get one, and what an invoke of one does. */
export interface UninstalledServerSource {
  list(): Promise<UninstalledServer[]>;
  advise(server: string): Promise<ProvisionAdvice>;
  /** Provisions the server and resolves (when policy allows it unasked), or throws SERVER_NOT_INSTALLED naming the next calls. */
  beforeInvoke(server: string, tool: string, context: CallContext): Promise<void>;
}

/**
 * Loaded on first use (a search, describe or invoke, or the gateway's warm-up soon after start), never
 * during start-up: reading and indexing the shipped snapshots costs ~0.3 s that a cold start should not pay.
 */
export class UninstalledCatalog {
  private loading: Promise<Map<string, UninstalledServer>> | undefined;
  /** Servers whose snapshot tools are in the index now. */
  private readonly indexed = new Set<string>();
  /** Configured server name → the manifest server running the same package (as of the last sync). */
  private readonly matched = new Map<string, UninstalledServer>();

  constructor(
    readonly source: UninstalledServerSource,
    private readonly index: ToolIndex,
    private readonly logger: Logger,
  ) {}

  /** Indexes every provisionable server that is not configured (by name or by package); returns them all. */
  async sync(
    isConfigured: (server: string) => boolean,
    entries: Iterable<ServerEntry>,
  ): Promise<Map<string, UninstalledServer>> {
    const servers = await this.load();
    const configured = this.describeConfigured(servers, entries);
    for (const server of servers.values()) this.indexOne(server, isConfigured, configured);
    return servers;
  }

  /**
   * sync, one server per turn of the event loop: run ahead of the first search so that it does not pay
   * for reading and indexing the snapshots (~0.3 s for the shipped manifest), without holding up calls
   * that arrive meanwhile. A search that comes mid-way indexes the rest itself.
   */
  async warm(isConfigured: (server: string) => boolean, entries: Iterable<ServerEntry>): Promise<void> {
    const servers = await this.load();
    const configured = this.describeConfigured(servers, entries);
    for (const server of servers.values()) {
      await new Promise((resolve) => setImmediate(resolve));
      this.indexOne(server, isConfigured, configured);
    }
  }

  /**
   * A configured server running a manifest server's package (not merely sharing its name) is searched
   * with that entry's description, category and keywords too. Returns the configured package ids.
   */
  private describeConfigured(
    servers: ReadonlyMap<string, UninstalledServer>,
    entries: Iterable<ServerEntry>,
  ): Set<string> {
    const all = new Set<string>();
    for (const entry of entries) {
      const ids = configuredIdentifiers([entry]);
      for (const id of ids) all.add(id);
      const manifest = [...servers.values()].find((server) => server.identifiers.some((id) => ids.has(id)));
      this.index.setServerContext(entry.name, manifest?.facts);
      if (manifest) this.matched.set(entry.name, manifest);
      else this.matched.delete(entry.name);
    }
    return all;
  }

  private load(): Promise<Map<string, UninstalledServer>> {
    this.loading ??= this.source.list().then(
      (servers) => new Map(servers.map((server) => [server.name, server])),
      (error: unknown) => {
        this.logger.warn(
          { err: (error as Error).message },
          'provisionable servers could not be loaded; search shows configured servers only',
        );
        return new Map<string, UninstalledServer>();
      },
    );
    return this.loading;
  }

  private indexOne(
    server: UninstalledServer,
    isConfigured: (server: string) => boolean,
    configured: ReadonlySet<string>,
  ): void {
    if (this.indexed.has(server.name) || this.index.hasServer(server.name) || isConfigured(server.name)) return;
    if (server.identifiers.some((id) => configured.has(id))) return;
    this.index.replaceServer(server.name, server.tools, server.facts);
    this.indexed.add(server.name);
  }

  /** Tools of not-installed servers in the index now (0 until the first search or warm-up after a refresh). */
  get indexedToolCount(): number {
    let total = 0;
    for (const server of this.indexed) total += this.index.toolCount(server);
    return total;
  }

  /** The uninstalled server of that name, when it is indexed as such (not configured). */
  async get(
    server: string,
    isConfigured: (server: string) => boolean,
    entries: Iterable<ServerEntry>,
  ): Promise<UninstalledServer | undefined> {
    const servers = await this.sync(isConfigured, entries);
    return this.indexed.has(server) ? servers.get(server) : undefined;
  }

  /** The manifest server whose package a configured server runs (known after a sync), e.g. for its snapshot tools. */
  manifestOf(configured: string): UninstalledServer | undefined {
    return this.matched.get(configured);
  }

  /** On refresh: snapshot tools leave the index and the list is read again on next use. */
  forget(): void {
    for (const server of this.indexed) this.index.removeServer(server);
    this.indexed.clear();
    this.matched.clear();
    this.loading = undefined;
  }
}

/** Package ids of configured servers, so a manifest server configured under another name is not listed twice. */
export function configuredIdentifiers(entries: Iterable<ServerEntry>): Set<string> {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.transport !== 'stdio') {
      ids.add(`url:${entry.url}`);
      continue;
    }
    for (const arg of [entry.command, ...entry.args]) {
      const installed = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(arg.replace(/\\/g, '/'));
      if (installed) ids.add(`npm:${installed[1]}`);
      const npm = /^((?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*)(?:@[^@/]+)?$/.exec(arg);
      if (npm) ids.add(`npm:${npm[1]}`);
      const pypi = /^([A-Za-z0-9][A-Za-z0-9._-]*)==/.exec(arg);
      if (pypi) ids.add(`pypi:${pypi[1]!.toLowerCase()}`);
      const image = /^([a-z0-9][a-z0-9._/-]*)(?::[\w.-]+)?(?:@sha256:[a-f0-9]+)?$/.exec(arg);
      if (entry.command === 'docker' && image) ids.add(`docker:${image[1]}`);
    }
  }
  return ids;
}

export function serverNotInstalled(server: string, advice: ProvisionAdvice): GatewayError {
  return new GatewayError('SERVER_NOT_INSTALLED', `Server "${server}" is known from the manifest but not installed.`, {
    hint: advice.hint,
    details: {
      server,
      next_calls: advice.next_calls,
      ...(advice.missing_credentials?.length ? { missing_credentials: advice.missing_credentials } : {}),
    },
  });
}
