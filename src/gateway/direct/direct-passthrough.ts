// Flat exposure beyond tools: every allowed server's prompts, resources, templates and completions, routed by name or URI.
import {
  CompleteResultSchema,
  EmptyResultSchema,
  ErrorCode,
  GetPromptResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  McpError,
  ReadResourceResultSchema,
  type CompleteRequest,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ServerConnection } from '../../downstream/server-connection.js';
import { JsonRpcError, passOnJsonRpcError, toGatewayError } from '../../errors/index.js';
import type { Gateway } from '../gateway.js';
import { directToolName, PREFIX_SEPARATOR, type PrefixMode } from './direct-tools.js';
import { RouteTable } from './resource-routes.js';

/** A listing waits this long for servers to start; the ones still starting are left out of that listing. */
export const LISTING_START_WAIT_MS = 10_000;
/** Pages read from one server for one listing, at most. */
const MAX_PAGES = 20;

type Capability = keyof ServerCapabilities;

export class DirectPassthrough {
  private readonly routes = new RouteTable();
  private readonly prompts = new Map<string, { server: string; name: string }>();
  private loggingLevel: string | undefined;

  constructor(
    private readonly gateway: Gateway,
    private readonly prefix: PrefixMode,
  ) {}

  async listPrompts(signal?: AbortSignal): Promise<{ prompts: Prompt[] }> {
    const lists = await this.collect('prompts', 'prompts/list', ListPromptsResultSchema, (page) => page.prompts, signal);
    const prompts: Prompt[] = [];
    for (const { server, items } of lists) {
      for (const prompt of items) {
        const name = directToolName(server, prompt.name, this.prefix);
        if (this.prompts.has(name) && this.prompts.get(name)?.server !== server) continue;
        this.prompts.set(name, { server, name: prompt.name });
        prompts.push({ ...prompt, name });
      }
    }
    return { prompts };
  }

  async getPrompt(name: string, args: Record<string, string> | undefined, signal?: AbortSignal) {
    const target = await this.promptTarget(name, signal);
    return this.forward(target.server, 'prompts/get', { name: target.name, ...(args ? { arguments: args } : {}) }, GetPromptResultSchema, signal);
  }

  async listResources(signal?: AbortSignal): Promise<{ resources: Resource[] }> {
    const lists = await this.collect('resources', 'resources/list', ListResourcesResultSchema, (page) => page.resources, signal);
    this.routes.rememberResources(lists.flatMap(({ server, items }) => items.map((resource) => ({ server, uri: resource.uri }))));
    return { resources: lists.flatMap(({ items }) => items) };
  }

  async listResourceTemplates(signal?: AbortSignal): Promise<{ resourceTemplates: ResourceTemplate[] }> {
    const lists = await this.collect('resources', 'resources/templates/list', ListResourceTemplatesResultSchema, (page) => page.resourceTemplates, signal);
    this.routes.rememberTemplates(lists.flatMap(({ server, items }) => items.map((template) => ({ server, uriTemplate: template.uriTemplate }))));
    return { resourceTemplates: lists.flatMap(({ items }) => items) };
  }

  async readResource(uri: string, signal?: AbortSignal) {
    return this.forward(await this.resourceServer(uri, signal), 'resources/read', { uri }, ReadResourceResultSchema, signal);
  }

  async subscribe(uri: string, subscribe: boolean, signal?: AbortSignal): Promise<Record<string, never>> {
    const server = await this.resourceServer(uri, signal);
    await this.forward(server, subscribe ? 'resources/subscribe' : 'resources/unsubscribe', { uri }, EmptyResultSchema, signal);
    return {};
  }

  async complete(params: CompleteRequest['params'], signal?: AbortSignal) {
    const { ref } = params;
    if (ref.type === 'ref/prompt') {
      const target = await this.promptTarget(ref.name, signal);
      return this.forward(target.server, 'completion/complete', { ...params, ref: { ...ref, name: target.name } }, CompleteResultSchema, signal);
    }
    let server = this.routes.serverOfTemplate(ref.uri);
    if (server === undefined) {
      await this.listResourceTemplates(signal);
      server = this.routes.serverOfTemplate(ref.uri) ?? (await this.resourceServer(ref.uri, signal));
    }
    return this.forward(server, 'completion/complete', params, CompleteResultSchema, signal);
  }

  /** Remembered for servers that start later; sent now to every running server that logs. */
  async setLoggingLevel(level: string): Promise<Record<string, never>> {
    this.loggingLevel = level;
    await Promise.all(
      this.servers()
        .filter((connection) => connection.state === 'ready' && connection.capabilities?.logging)
        .map((connection) => connection.forward('logging/setLevel', { level }, EmptyResultSchema, { timeoutMs: this.timeoutMs() }).catch(() => undefined)),
    );
    return {};
  }

  get requestedLoggingLevel(): string | undefined {
    return this.loggingLevel;
  }

  private async promptTarget(name: string, signal?: AbortSignal): Promise<{ server: string; name: string }> {
    const known = this.prompts.get(name) ?? this.parsePrefixed(name);
    if (known) return known;
    await this.listPrompts(signal);
    const listed = this.prompts.get(name);
    if (listed) return listed;
    throw new JsonRpcError(ErrorCode.InvalidParams, `Unknown prompt "${name.slice(0, 100)}": no allowed server lists it. Call prompts/list for the names.`);
  }

  private parsePrefixed(name: string): { server: string; name: string } | undefined {
    if (this.prefix !== 'server') return undefined;
    const at = name.indexOf(PREFIX_SEPARATOR);
    const server = at > 0 ? name.slice(0, at) : undefined;
    return server !== undefined && this.gateway.pool.get(server) ? { server, name: name.slice(at + PREFIX_SEPARATOR.length) } : undefined;
  }

  private async resourceServer(uri: string, signal?: AbortSignal): Promise<string> {
    let server = this.routes.serverOfUri(uri);
    if (server === undefined) {
      await Promise.all([this.listResources(signal), this.listResourceTemplates(signal)]);
      server = this.routes.serverOfUri(uri);
    }
    if (server !== undefined) return server;
    const offering = this.servers().filter((connection) => connection.capabilities?.resources);
    if (offering.length === 1 && offering[0]) return offering[0].entry.name;
    // -32002 is MCP's "resource not found".
    throw new JsonRpcError(-32002, `Resource not found: no allowed server lists "${uri.slice(0, 200)}" or a template matching it.`, { uri });
  }

  /** One request to one server, after the policy allows the server; a server's own JSON-RPC error passes as it came. */
  private async forward<T extends z.ZodType>(server: string, method: string, params: Record<string, unknown>, schema: T, signal?: AbortSignal): Promise<z.infer<T>> {
    const decision = this.gateway.policy.decideServer(server);
    if (!decision.allowed) throw new JsonRpcError(-32001, `Server "${server}" is not allowed by policy (${decision.reason}).`);
    try {
      return await this.gateway.pool.require(server).forward(method, params, schema, { timeoutMs: this.timeoutMs(), ...(signal ? { signal } : {}) });
    } catch (error) {
      if (error instanceof McpError) throw passOnJsonRpcError(error);
      throw new JsonRpcError(ErrorCode.InternalError, toGatewayError(error).message);
    }
  }

  /** Every allowed server that has `capability`, started if needed (up to LISTING_START_WAIT_MS), each list read in full. */
  private async collect<P extends { nextCursor?: string | undefined }, T extends z.ZodType<P>, I>(
    capability: Capability,
    method: string,
    schema: T,
    itemsOf: (page: z.infer<T>) => I[],
    signal?: AbortSignal,
  ): Promise<Array<{ server: string; items: I[] }>> {
    const ready = await this.startAll();
    const lists = await Promise.all(
      ready
        .filter((connection) => connection.capabilities?.[capability])
        .map(async (connection) => {
          const items: I[] = [];
          let cursor: string | undefined;
          try {
            for (let page = 0; page < MAX_PAGES; page++) {
              const result = await connection.forward(method, cursor === undefined ? undefined : { cursor }, schema, { timeoutMs: this.timeoutMs(), ...(signal ? { signal } : {}) });
              items.push(...itemsOf(result));
              cursor = result.nextCursor;
              if (cursor === undefined) break;
            }
          } catch (error) {
            this.gateway.logger.warn({ server: connection.entry.name, method, err: toGatewayError(error).message }, 'a listing for flat exposure failed; that server is left out of it');
          }
          return { server: connection.entry.name, items };
        }),
    );
    return lists.sort((a, b) => a.server.localeCompare(b.server));
  }

  private servers(): ServerConnection[] {
    const policy = this.gateway.policy;
    return this.gateway.pool
      .names()
      .filter((name) => policy.decideServer(name).allowed)
      .map((name) => this.gateway.pool.require(name));
  }

  private async startAll(): Promise<ServerConnection[]> {
    const servers = this.servers();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LISTING_START_WAIT_MS);
      timer.unref();
    });
    await Promise.race([Promise.allSettled(servers.map((connection) => connection.ensureReady())), waited]);
    clearTimeout(timer);
    return servers.filter((connection) => connection.state === 'ready');
  }

  private timeoutMs(): number {
    return this.gateway.policy.timeoutFor(undefined);
  }
}
