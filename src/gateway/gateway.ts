// The gateway engine: search, describe, invoke, refresh and health over one pool and one catalog.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { DiscoveredConfig } from '../config/server-entry.js';
import type { ToolCacheStore } from '../catalog/tool-cache.js';
import type { SearchHit, ToolIndex } from '../catalog/tool-index.js';
import type { DownstreamTool } from '../downstream/downstream-tool.js';
import type { ServerPool } from '../downstream/server-pool.js';
import { GatewayError, toGatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import { createCallGates, createInvokePipeline } from './invoke/create-invoke-pipeline.js';
import {
  createPassthroughPipeline,
  type PassthroughHandler,
  type PassthroughPipelineOptions,
} from './invoke/create-passthrough-pipeline.js';
import type { CallGates } from '../gates/call-gates.js';
import type { InvokeHandler } from './invoke/create-invoke-pipeline.js';
import { GatewayEvents } from './gateway-events.js';
import { IndexAttempts } from './index-attempts.js';
import type { CallContext } from './meta-tool.js';
import { PendingCalls } from './pending-calls.js';
import { redactDefinitions } from './redact-definitions.js';
import type { PolicyView } from './policy-view.js';
import { parseToolId } from './tool-id.js';
import { assertToolAllowed, findTool } from './tool-resolution.js';
import { searchPhrasings } from './fused-search.js';
import { createServerDirectory, type DirectoryEntry } from './server-directory.js';
import type { LearnedTerms } from './learning/learned-terms.js';
import { learnableWords, SearchTrail } from './learning/search-trail.js';
import { UninstalledCatalog, type ProvisionAdvice, type UninstalledServerSource } from './uninstalled-servers.js';

/** How long flat/hybrid listing waits for never-indexed servers to start before answering with what it has. */
export const DEFAULT_FIRST_INDEX_WAIT_MS = 10_000;
/**
 * How long catalog_search waits for a never-indexed server that has no stand-in (no manifest snapshot of its
 * package): a local server is usually up by then; one that is not is named in the answer as still starting.
 * Servers with a stand-in are not waited for at all.
 */
export const DEFAULT_SEARCH_START_WAIT_MS = 500;

/** Which configured servers a search could not see with their own tool list, and why. */
export interface SearchCoverage {
  /** Starting in the background; searched from the manifest snapshot of their package meanwhile when one exists. */
  starting: string[];
  /** Their first start failed; gateway_health says why. */
  failed: string[];
}

export interface GatewaySnapshot {
  config: DiscoveredConfig;
  policy: PolicyView;
}

export interface GatewayOptions {
  pool: ServerPool;
  index: ToolIndex;
  cache: ToolCacheStore;
  initial: GatewaySnapshot;
  /** Reads config files, policy and secrets again (gateway.refresh). Throws on a broken policy. */
  reload: () => Promise<GatewaySnapshot>;
  logger: Logger;
  /** Where each call's audit line goes; absent: no audit log (policy `audit: false` also turns it off). */
  audit?: AuditLog;
  /** How long catalog_search waits for a server with no stand-in to start; default DEFAULT_SEARCH_START_WAIT_MS. */
  searchStartWaitMs?: number;
  /** Words learned from searches followed by an invoke; absent: search learns nothing. */
  learned?: LearnedTerms;
}

export interface SearchParams {
  /** One need, in one or several phrasings (fused: fused-search.ts). */
  query: string | readonly string[];
  limit: number;
  server?: string;
  /** Servers known only from the manifest (not configured) are searched too; configured ones always are, running or not. */
  includeUninstalled: boolean;
}

export interface DescribedTool {
  tool_id: string;
  server: string;
  name: string;
  title?: string;
  description: string;
  input_schema: Record<string, unknown>;
  output_schema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  /** Present (false) for a tool known from the manifest snapshot whose server is not installed. */
  installed?: false;
  provision?: ProvisionAdvice;
}

/** A search hit, and whether its server is configured (false: known from the manifest only). */
export type GatewaySearchHit = SearchHit & { installed: boolean };

export interface RefreshReport {
  added: string[];
  removed: string[];
  changed: string[];
  restarted: string[];
  disabled: number;
  config_problems: number;
  tools: number;
}

export class Gateway {
  private snapshot: GatewaySnapshot;
  private readonly invokePipeline: InvokeHandler;
  private readonly gates: CallGates;
  /** In-flight invokes by upstream session (gateway.list_pending / gateway.cancel; cancelSession when a session ends). */
  readonly pending = new PendingCalls();
  /** Servers already started once to fill the index; not retried on every search (refresh clears it). */
  private readonly indexAttempts = new IndexAttempts();
  private uninstalled: UninstalledCatalog | undefined;
  /** Configured servers indexed with the manifest snapshot of their package until their own list arrives. */
  private readonly standIns = new Set<string>();
  /** Each session's recent searches, so that an invoke after one teaches its words to the tool. */
  private readonly trail = new SearchTrail();
  private refreshing: Promise<unknown> = Promise.resolve();
  /** Tool-set changes and downstream notifications, for sessions with direct exposure. */
  readonly events: GatewayEvents;

  constructor(private readonly options: GatewayOptions) {
    this.snapshot = options.initial;
    this.events = new GatewayEvents(options.logger);
    this.gates = createCallGates(options.logger);
    this.invokePipeline = createInvokePipeline({
      gates: this.gates,
      logger: options.logger,
      pool: options.pool,
      pending: this.pending,
      policy: () => this.snapshot.policy,
      audit: () => options.audit,
      suggest: (toolId) => this.suggest(toolId),
      prepareUninstalled: (server, tool, context) => this.prepareUninstalled(server, tool, context),
    });
  }

  /** The chain of flat prompts, resources and completions; `route` finds each request's server. */
  passthroughChain(route: PassthroughPipelineOptions['route']): PassthroughHandler {
    const { logger, audit } = this.options;
    return createPassthroughPipeline({
      logger,
      policy: () => this.policy,
      audit: () => audit,
      gates: this.gates,
      route,
    });
  }

  get config(): DiscoveredConfig {
    return this.snapshot.config;
  }

  get policy(): PolicyView {
    return this.snapshot.policy;
  }

  get pool(): ServerPool {
    return this.options.pool;
  }

  get index(): ToolIndex {
    return this.options.index;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  /** Indexes cached tool lists of configured servers; starts nothing. */
  async start(): Promise<void> {
    const learned = this.options.learned;
    if (learned) {
      await learned.load();
      for (const toolId of learned.toolIds()) this.options.index.setLearned(toolId, learned.words(toolId));
    }
    await this.options.pool.setEntries(this.snapshot.config.servers);
    await this.loadOfflineTools(this.options.pool.names());
  }

  /** Makes provisionable servers that are not configured searchable; their source is read on first use. */
  useUninstalledServers(source: UninstalledServerSource): void {
    this.uninstalled?.forget();
    this.uninstalled = new UninstalledCatalog(source, this.options.index, this.options.logger);
  }

  /** Indexes the snapshot tools of provisionable servers not configured (loading them on first call); `gradually`: one server a turn. */
  async indexUninstalled(gradually = false): Promise<void> {
    const isConfigured = (server: string) => this.options.pool.get(server) !== undefined;
    const entries = this.snapshot.config.servers.values();
    await (gradually ? this.uninstalled?.warm(isConfigured, entries) : this.uninstalled?.sync(isConfigured, entries));
  }

  /** Called by the pool whenever a server connects or its tool list changes. */
  onToolsChanged(server: string, listed: DownstreamTool[]): void {
    this.standIns.delete(server);
    const entry = this.snapshot.config.servers.get(server);
    const tools = redactDefinitions(listed, this.snapshot.policy);
    this.options.index.replaceServer(server, tools, entry?.description ? { description: entry.description } : {});
    this.options.cache.write(server, tools, entry?.source).catch((error: unknown) => {
      this.options.logger.warn({ server, err: (error as Error).message }, 'could not write the tool cache');
    });
    this.events.emit({ kind: 'tools_changed' });
  }

  /**
   * A server that has neither a live nor a cached tool list is invisible to search. The first search
   * starts such servers (once each) and waits up to `waitMs`; a concurrent search waits for the same
   * starts within the same limit. Returns the ones still not indexed.
   */
  async indexUnseenServers(
    waitMs = DEFAULT_FIRST_INDEX_WAIT_MS,
    include: (server: string) => boolean = () => true,
  ): Promise<string[]> {
    await this.indexUninstalled();
    const policy = this.snapshot.policy;
    const unseen = this.options.pool
      .names()
      .filter((server) => !this.options.index.hasServer(server) && policy.isServerVisible(server) && include(server));
    await this.indexAttempts.waitFor(unseen, (server) => this.options.pool.require(server).ensureReady(), waitMs);
    return unseen.filter((server) => !this.options.index.hasServer(server));
  }

  /**
   * Makes the first search answer at once: a configured server with neither a live nor a cached list is
   * indexed from the manifest snapshot of its package (a stand-in) and started in the background; one with
   * no snapshot is waited for up to `waitMs`. Says which servers are still starting and which failed.
   */
  async prepareSearch(
    waitMs = this.options.searchStartWaitMs ?? DEFAULT_SEARCH_START_WAIT_MS,
  ): Promise<SearchCoverage> {
    await this.indexUninstalled();
    const policy = this.snapshot.policy;
    const index = this.options.index;
    const unseen = this.options.pool
      .names()
      .filter((server) => (!index.hasServer(server) || this.standIns.has(server)) && policy.isServerVisible(server));
    for (const server of unseen) {
      const snapshot = this.uninstalled?.manifestOf(server);
      if (index.hasServer(server) || !snapshot?.tools.length) continue;
      const description = this.snapshot.config.servers.get(server)?.description;
      index.replaceServer(server, redactDefinitions(snapshot.tools, policy), description ? { description } : {});
      this.standIns.add(server);
    }
    const start = (server: string) => this.options.pool.require(server).ensureReady();
    await Promise.all([
      this.indexAttempts.waitFor(
        unseen.filter((server) => this.standIns.has(server)),
        start,
        0,
      ),
      this.indexAttempts.waitFor(
        unseen.filter((server) => !this.standIns.has(server)),
        start,
        waitMs,
      ),
    ]);
    const behind = unseen.filter((server) => !index.hasServer(server) || this.standIns.has(server));
    const failed = behind.filter((server) => this.indexAttempts.state(server) === 'failed');
    // A server that cannot start has no tools to offer: its stand-in would send the model to a dead end.
    for (const server of failed.filter((name) => this.standIns.delete(name))) index.removeServer(server);
    return { starting: behind.filter((server) => !failed.includes(server)), failed };
  }

  search(params: SearchParams): GatewaySearchHit[] {
    const policy = this.snapshot.policy;
    const isInstalled = (server: string) => this.options.pool.get(server) !== undefined;
    const options = {
      limit: params.limit,
      includeOffline: true,
      isOnline: (server: string) => this.options.pool.get(server)?.state === 'ready',
      isVisible: (server: string, tool: string) =>
        (params.includeUninstalled || isInstalled(server)) && policy.isVisible(server, tool),
      ...(params.server === undefined ? {} : { server: params.server }),
    };
    const installed = (hit: SearchHit): GatewaySearchHit => ({ ...hit, installed: isInstalled(hit.server) });
    const phrasings = (typeof params.query === 'string' ? [params.query] : params.query).filter((text) => text.trim());
    if (phrasings.length) return searchPhrasings(this.options.index, phrasings, options, isInstalled).map(installed);
    // Listing without a query shows what is installed; tools known only from the manifest are found by searching.
    return this.options.index
      .all({
        ...options,
        isVisible: (server, tool) => this.options.pool.get(server) !== undefined && options.isVisible(server, tool),
      })
      .sort((a, b) => a.toolId.localeCompare(b.toolId))
      .slice(0, params.limit)
      .map((entry) => installed({ ...entry, score: 0, online: options.isOnline(entry.server) }));
  }

  /** Full definition of one tool, starting its server if needed. */
  async describe(toolId: string): Promise<DescribedTool> {
    const { server, tool } = parseToolId(toolId);
    assertToolAllowed(this.snapshot.policy, server, tool);
    const uninstalled = await this.uninstalledServer(server);
    if (uninstalled) {
      const definition = uninstalled.tools.find((candidate) => candidate.name === tool);
      if (!definition) throw toolNotInSnapshot(server, tool);
      return {
        ...toDescribedTool(server, { inputSchema: { type: 'object' }, ...definition }),
        installed: false,
        provision: await uninstalled.advise(),
      };
    }
    const { definition } = await findTool(this.options.pool, server, tool, (id) => this.suggest(id));
    // The live connection's definition is the server's own text: redacted as the index's copy is.
    return toDescribedTool(server, redactDefinitions([definition], this.snapshot.policy)[0] as DownstreamTool);
  }

  async invoke(
    toolId: string,
    args: Record<string, unknown>,
    context: CallContext,
    timeoutMs?: number,
  ): Promise<CallToolResult> {
    const result = await this.invokePipeline({
      toolId,
      arguments: args,
      context,
      ...(timeoutMs === undefined ? {} : { requestedTimeoutMs: timeoutMs }),
    });
    // Only a call that worked teaches: a refused or failing one says nothing about what the search meant.
    if (!result.isError) this.learnFromInvoke(context.sessionId, toolId);
    return result;
  }

  /** The configured servers the policy shows, each with one line and its tool count (for a weak search). */
  serverDirectory(): DirectoryEntry[] {
    const policy = this.snapshot.policy;
    return createServerDirectory({
      index: this.options.index,
      servers: this.options.pool.names().filter((server) => policy.isServerVisible(server)),
      describe: (server) =>
        this.snapshot.config.servers.get(server)?.description ??
        this.uninstalled?.manifestOf(server)?.facts.description,
      isVisible: (server, tool) => policy.isVisible(server, tool),
    });
  }

  /** A search's answer, remembered for the session so that an invoke of one of its tools can teach its words. */
  noteSearch(sessionId: string, phrasings: readonly string[], offered: readonly string[]): void {
    if (!this.options.learned || !this.snapshot.policy.policy.searchLearn) return;
    this.trail.recordSearch(
      sessionId,
      learnableWords(phrasings, (text) => this.snapshot.policy.redact(text)),
      offered,
    );
  }

  /** A session ended: its search trail goes. */
  forgetSession(sessionId: string): void {
    this.trail.forget(sessionId);
  }

  private learnFromInvoke(sessionId: string, toolId: string): void {
    const learned = this.options.learned;
    if (!learned || !this.snapshot.policy.policy.searchLearn) return;
    const words = this.trail.recordInvoke(sessionId, toolId);
    if (words.length) this.options.index.setLearned(toolId, learned.learn(toolId, words));
  }

  /** Reloads config, policy and secrets; re-indexes; optionally restarts one server or all. */
  async refresh(params: { server?: string; force?: boolean }): Promise<RefreshReport> {
    // Chained: a reload begun earlier that ended later would drop a server written in between (e.g. just provisioned).
    const applied = this.refreshing.then(async () => {
      const next = await this.options.reload();
      this.snapshot = next;
      this.indexAttempts.clear();
      this.uninstalled?.forget();
      for (const server of this.standIns) this.options.index.removeServer(server);
      this.standIns.clear();
      const changes = await this.options.pool.setEntries(next.config.servers);
      for (const server of [...changes.removed, ...changes.changed]) this.options.index.removeServer(server);
      const restarted = params.server !== undefined ? [params.server] : params.force ? this.options.pool.names() : [];
      for (const server of restarted) {
        await this.options.pool.reset(server);
        this.options.index.removeServer(server);
      }
      await this.loadOfflineTools(this.options.pool.names());
      return {
        ...changes,
        restarted,
        disabled: next.config.disabled.length,
        config_problems: next.config.problems.length,
      };
    });
    this.refreshing = applied.catch(() => undefined);
    const report = await applied;
    this.events.emit({ kind: 'tools_changed' });
    // An explicit server refresh reconnects now, so its error (if any) is reported to the caller; outside the chain, as a start may take long.
    if (params.server !== undefined) await this.options.pool.require(params.server).ensureReady();
    return { ...report, tools: this.configuredToolCount() };
  }

  /**
   * Tools of configured servers in the catalog. The catalog also holds the tools of not-installed manifest
   * servers, but only once a search (or the warm-up) has read them, so that total changes with use: refresh,
   * status and health all report this count, which does not.
   */
  configuredToolCount(): number {
    return this.options.index.size - this.notInstalledToolCount();
  }

  /** Tools of not-installed manifest servers that are in the catalog now (0 right after a start or refresh). */
  notInstalledToolCount(): number {
    return this.uninstalled?.indexedToolCount ?? 0;
  }

  /** Suggests ids close to a wrong one (same tool name on other servers, or the best search hits). */
  suggest(toolId: string): string[] {
    const words = toolId.replace(/::/g, ' ');
    try {
      return this.search({ query: words, limit: 3, includeUninstalled: true }).map((hit) => hit.toolId);
    } catch (error) {
      this.options.logger.debug({ err: toGatewayError(error).message }, 'suggestion search failed');
      return [];
    }
  }

  private async uninstalledServer(server: string) {
    if (!this.uninstalled || this.options.pool.get(server)) return undefined;
    const catalog = this.uninstalled;
    const found = await catalog.get(
      server,
      (name) => this.options.pool.get(name) !== undefined,
      this.snapshot.config.servers.values(),
    );
    return found && { ...found, advise: () => catalog.source.advise(server) };
  }

  /** Invoke of a tool whose server is only known from the manifest: provision it first, or say how. */
  private async prepareUninstalled(server: string, tool: string, context: CallContext): Promise<void> {
    const uninstalled = await this.uninstalledServer(server);
    if (!uninstalled) return;
    if (uninstalled.tools.length && !uninstalled.tools.some((candidate) => candidate.name === tool))
      throw toolNotInSnapshot(server, tool);
    await this.uninstalled?.source.beforeInvoke(server, tool, context);
  }

  async close(): Promise<void> {
    await this.options.pool.close();
  }

  private async loadOfflineTools(servers: string[]): Promise<void> {
    await Promise.all(
      servers
        .filter((server) => !this.options.index.hasServer(server))
        .map(async (server) => {
          const cached = await this.options.cache.read(server, this.snapshot.config.servers.get(server)?.source);
          if (!cached || this.options.index.hasServer(server)) return;
          const description = this.snapshot.config.servers.get(server)?.description;
          // A cache written before definitions were redacted may still hold a credential.
          this.options.index.replaceServer(
            server,
            redactDefinitions(cached.tools, this.snapshot.policy),
            description ? { description } : {},
          );
        }),
    );
  }
}

function toolNotInSnapshot(server: string, tool: string): GatewayError {
  return new GatewayError(
    'TOOL_NOT_FOUND',
    `Server "${server}" (not installed) has no tool "${tool}" in its manifest snapshot.`,
    {
      hint: `Search its tools with gateway_catalog_search {"query": "...", "server": "${server}"}.`,
      details: { tool_id: `${server}::${tool}` },
    },
  );
}

function toDescribedTool(server: string, tool: DownstreamTool): DescribedTool {
  const described: DescribedTool = {
    tool_id: `${server}::${tool.name}`,
    server,
    name: tool.name,
    description: tool.description ?? '',
    input_schema: tool.inputSchema,
  };
  if (tool.title) described.title = tool.title;
  if (tool.outputSchema) described.output_schema = tool.outputSchema;
  if (tool.annotations) described.annotations = tool.annotations;
  return described;
}
