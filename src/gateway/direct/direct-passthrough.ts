// Flat exposure beyond tools: every allowed server's prompts, resources, templates and completions, routed by name or URI.
import type {
  CompleteRequest,
  LoggingLevel,
  Prompt,
  Resource,
  ResourceTemplateType,
  ServerCapabilities,
} from '@modelcontextprotocol/server';
import {
  EmptyResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
} from '@modelcontextprotocol/core';
import type { z } from 'zod';
import type { CallContext } from '../../call-path/call-context.js';
import type {
  PassthroughAnswers,
  PassthroughCall,
  PassthroughMethod,
  Routed,
} from '../../call-path/passthrough-call.js';
import { GatewayError, toGatewayError } from '../../errors/index.js';
import type { Gateway } from '../gateway.js';
import type { PassthroughHandler } from '../invoke/create-passthrough-pipeline.js';
import { assignDirectNames, PREFIX_SEPARATOR, type PrefixMode } from './direct-tools.js';
import { redactJson } from '../../redaction/index.js';
import { RouteTable } from './resource-routes.js';
import { SessionLevels } from './session-levels.js';
import { ListingServers } from './listing-servers.js';
import { SubscriptionCounts } from './subscription-counts.js';

export { LISTING_START_WAIT_MS } from './listing-servers.js';
/** Pages read from one server for one listing, at most. */
const MAX_PAGES = 20;
/** All pages of one server's listing must arrive within this; a server slower than that is left out of that listing. */
export const LISTING_DEADLINE_MS = 10_000;

type Capability = keyof ServerCapabilities;

export class DirectPassthrough {
  private readonly routes = new RouteTable();
  private prompts = new Map<string, { server: string; name: string }>();
  private readonly levels = new SessionLevels();
  private readonly subscriptions = new SubscriptionCounts();
  /** The downstream subscribe of each URI while it is on its way (later subscribers wait for it). */
  private readonly subscribing = new Map<string, Promise<void>>();
  /** What each running server was last told (level, subscriptions), keyed by the start it was told in. */
  private readonly told = new Map<string, { startedAt: string | undefined; level?: LoggingLevel }>();
  private readonly listing: ListingServers;
  /** Prompts, resources and completions run the same stages as a tool call (policy, rate limits, caps, audit). */
  private readonly chain: PassthroughHandler;

  constructor(
    private readonly gateway: Gateway,
    private readonly prefix: PrefixMode,
  ) {
    this.listing = new ListingServers(gateway);
    this.chain = gateway.passthroughChain((target, call) => this.route(target, call));
    // A server that (re)starts has forgotten the level and the subscriptions: tell it again.
    gateway.events.subscribe((event) => {
      if (event.kind === 'tools_changed') void this.catchUpServers();
    });
  }

  async listPrompts(signal?: AbortSignal): Promise<{ prompts: Prompt[] }> {
    const lists = await this.collect(
      'prompts',
      'prompts/list',
      ListPromptsResultSchema,
      (page) => page.prompts,
      signal,
    );
    const entries = lists.flatMap(({ server, items }) =>
      items.map((prompt) => ({ server, name: prompt.name, prompt })),
    );
    const { named, collisions } = assignDirectNames(entries, this.prefix);
    for (const { name, kept, refused } of collisions) {
      this.gateway.logger.warn(
        { name, kept: kept.server, refused: refused.server },
        'two servers expose a prompt of the same name: the second is not listed',
      );
    }
    this.prompts = new Map(named.map(({ entry, exposed }) => [exposed, { server: entry.server, name: entry.name }]));
    return { prompts: named.map(({ entry, exposed }) => ({ ...entry.prompt, name: exposed })) };
  }

  /** `context.relay`: where the server's sampling and elicitation requests during this request go (the asking session). */
  getPrompt(name: string, args: Record<string, string> | undefined, context: CallContext) {
    return this.request('prompts/get', 'prompt', name, { name, ...(args ? { arguments: args } : {}) }, context);
  }

  async listResources(signal?: AbortSignal): Promise<{ resources: Resource[] }> {
    const lists = await this.collect(
      'resources',
      'resources/list',
      ListResourcesResultSchema,
      (page) => page.resources,
      signal,
    );
    this.routes.rememberResources(
      lists.flatMap(({ server, items }) => items.map((resource) => ({ server, uri: resource.uri }))),
    );
    return { resources: lists.flatMap(({ server, items }) => items.map((resource) => this.named(server, resource))) };
  }

  async listResourceTemplates(signal?: AbortSignal): Promise<{ resourceTemplates: ResourceTemplateType[] }> {
    const lists = await this.collect(
      'resources',
      'resources/templates/list',
      ListResourceTemplatesResultSchema,
      (page) => page.resourceTemplates,
      signal,
    );
    this.routes.rememberTemplates(
      lists.flatMap(({ server, items }) => items.map((template) => ({ server, uriTemplate: template.uriTemplate }))),
    );
    return {
      resourceTemplates: lists.flatMap(({ server, items }) => items.map((template) => this.named(server, template))),
    };
  }

  /** A resource's or template's display name says its server, as tool and prompt names do; its URI is never renamed. */
  private named<T extends { name: string }>(server: string, item: T): T {
    return this.prefix === 'server' ? { ...item, name: `${server}${PREFIX_SEPARATOR}${item.name}` } : item;
  }

  readResource(uri: string, context: CallContext) {
    return this.request('resources/read', 'resource', uri, { uri }, context);
  }

  /** One more session subscribes to `uri`; only the first is sent to the server that owns it. */
  async subscribe(uri: string, context: CallContext): Promise<Record<string, never>> {
    if (!this.subscriptions.has(uri) && this.subscriptions.isFull()) {
      throw new GatewayError(
        'USAGE',
        `Too many subscribed resources (${this.subscriptions.uris().length}): unsubscribe from some first.`,
      );
    }
    if (!this.subscriptions.add(uri)) {
      // Joined while the first subscribe is on its way: it stands or falls with that one.
      await this.subscribing.get(uri)?.catch((error: unknown) => {
        this.subscriptions.remove(uri);
        throw error;
      });
      return {};
    }
    const first = this.subscribeDownstream(uri, context);
    this.subscribing.set(uri, first);
    try {
      await first;
    } catch (error) {
      this.subscriptions.remove(uri);
      throw error;
    } finally {
      if (this.subscribing.get(uri) === first) this.subscribing.delete(uri);
    }
    return {};
  }

  private async subscribeDownstream(uri: string, context: CallContext): Promise<void> {
    const server = await this.resourceServer(uri, context.signal);
    await this.request('resources/subscribe', 'resource', uri, { uri }, context);
    // A server stopped for idleness would drop the subscription: it stays up while someone subscribes.
    // An unsubscribe may have come while this one was on its way: then there is nothing to hold.
    const release = this.gateway.pool.retain(server);
    if (this.subscriptions.has(uri)) this.subscriptions.hold(uri, release);
    else release();
  }

  /**
   * One session fewer subscribes to `uri`; the server hears it when that was the last one. Not gated: it only
   * drops interest, and a refused one would leave the server sending updates nobody asked for.
   */
  async unsubscribe(uri: string, signal?: AbortSignal): Promise<Record<string, never>> {
    if (!this.subscriptions.remove(uri)) return {};
    const server = await this.resourceServer(uri, signal);
    await this.gateway.pool.require(server).forward('resources/unsubscribe', { uri }, EmptyResultSchema, {
      timeoutMs: this.timeoutMs(),
      ...(signal ? { signal } : {}),
    });
    return {};
  }

  /** A session ended: its subscriptions and its logging level stop counting. */
  releaseSession(sessionId: string, uris: Iterable<string>): void {
    this.levels.forget(sessionId);
    void this.catchUpServers();
    for (const uri of uris) {
      this.unsubscribe(uri).catch((error: unknown) =>
        this.gateway.logger.debug(
          { uri, err: toGatewayError(error).message },
          'an unsubscribe for a closed session failed',
        ),
      );
    }
  }

  complete(params: CompleteRequest['params'], context: CallContext) {
    const { ref } = params;
    const target = ref.type === 'ref/prompt' ? ref.name : ref.uri;
    return this.request('completion/complete', 'completion', target, params, context);
  }

  /** One request through the passthrough chain (src/call-path): routed by `route`, sent by its last step. */
  private async request<M extends PassthroughMethod>(
    method: M,
    kind: PassthroughCall['kind'],
    target: string,
    params: Record<string, unknown>,
    context: CallContext,
  ): Promise<PassthroughAnswers[M]> {
    const answer = await this.chain({ toolId: target, kind, method, arguments: params, context });
    return answer as PassthroughAnswers[M];
  }

  /** The server that owns a request's prompt, resource or template, and the target as that server names it. */
  private async route(target: string, call: PassthroughCall): Promise<Routed> {
    const { signal } = call.context;
    let server: string;
    let name = target;
    const ref = call.arguments.ref as { type?: unknown } | undefined;
    if (call.method === 'prompts/get' || (call.method === 'completion/complete' && ref?.type === 'ref/prompt')) {
      ({ server, name } = await this.promptTarget(target, signal));
    } else if (call.method === 'completion/complete') {
      server = this.routes.serverOfTemplate(target) ?? (await this.templateServer(target, signal));
    } else {
      server = await this.resourceServer(target, signal);
    }
    const connection = this.gateway.pool.require(server);
    return { server, tool: name, connection, serverTimeoutMs: connection.entry.timeoutMs };
  }

  private async templateServer(uriTemplate: string, signal: AbortSignal): Promise<string> {
    await this.listResourceTemplates(signal);
    return this.routes.serverOfTemplate(uriTemplate) ?? (await this.resourceServer(uriTemplate, signal));
  }

  /**
   * One session's level. The servers get the most verbose level of all live sessions (each session filters
   * its own messages); sent now to every running server that logs, and to each server that starts later.
   */
  async setLoggingLevel(sessionId: string, level: LoggingLevel): Promise<Record<string, never>> {
    this.levels.set(sessionId, level);
    await this.catchUpServers();
    return {};
  }

  /** The level the servers are sent (the most verbose a live session asked for). */
  get serverLoggingLevel(): LoggingLevel | undefined {
    return this.levels.effective();
  }

  /** Tells each running server what it has not heard since it started: the logging level, the subscriptions it owns. */
  private async catchUpServers(): Promise<void> {
    const level = this.levels.effective();
    await Promise.all(
      this.listing
        .allowed()
        .filter((connection) => connection.state === 'ready')
        .map(async (connection) => {
          const server = connection.entry.name;
          const startedAt = connection.status().startedAt;
          const told = this.told.get(server);
          const restarted = told === undefined || told.startedAt !== startedAt;
          const record = restarted ? { startedAt } : told;
          this.told.set(server, record);
          const options = { timeoutMs: this.timeoutMs() };
          if (level !== undefined && record.level !== level && connection.capabilities?.logging) {
            record.level = level;
            await connection.forward('logging/setLevel', { level }, EmptyResultSchema, options).catch(() => undefined);
          }
          // The first time is not a restart: the subscriptions were sent when they were made.
          if (!restarted || told === undefined || !connection.capabilities?.resources?.subscribe) return;
          const owned = this.subscriptions.uris().filter((uri) => this.routes.serverOfUri(uri) === server);
          await Promise.all(
            owned.map((uri) =>
              connection.forward('resources/subscribe', { uri }, EmptyResultSchema, options).catch(() => undefined),
            ),
          );
        }),
    );
  }

  private async promptTarget(name: string, signal?: AbortSignal): Promise<{ server: string; name: string }> {
    // A name is not parsed back into server and prompt: a cleaned-up or hashed name would parse wrong.
    const known = this.prompts.get(name);
    if (known) return known;
    await this.listPrompts(signal);
    const listed = this.prompts.get(name);
    if (listed) return listed;
    throw new GatewayError(
      'PROMPT_NOT_FOUND',
      `Unknown prompt "${name.slice(0, 100)}": no allowed server lists it. Call prompts/list for the names.`,
    );
  }

  private async resourceServer(uri: string, signal?: AbortSignal): Promise<string> {
    let server = this.routes.serverOfUri(uri);
    if (server === undefined) {
      await Promise.all([this.listResources(signal), this.listResourceTemplates(signal)]);
      server = this.routes.serverOfUri(uri);
    }
    if (server !== undefined) return server;
    const offering = this.listing.allowed().filter((connection) => connection.capabilities?.resources);
    if (offering.length === 1 && offering[0]) return offering[0].entry.name;
    throw new GatewayError(
      'RESOURCE_NOT_FOUND',
      `Resource not found: no allowed server lists "${uri.slice(0, 200)}" or a template matching it.`,
      { details: { uri } },
    );
  }

  /** Every allowed server that has `capability`, started if needed (up to LISTING_START_WAIT_MS), each list read in full. */
  private async collect<P extends { nextCursor?: string | undefined }, T extends z.ZodType<P>, I>(
    capability: Capability,
    method: string,
    schema: T,
    itemsOf: (page: z.infer<T>) => I[],
    signal?: AbortSignal,
  ): Promise<Array<{ server: string; items: I[] }>> {
    const ready = await this.listing.startAll();
    const lists = await Promise.all(
      ready
        .filter((connection) => connection.capabilities?.[capability])
        .map(async (connection) => {
          const items: I[] = [];
          let cursor: string | undefined;
          // One slow server must not hold every listing for the whole call timeout: its pages share one deadline.
          const deadline = AbortSignal.timeout(LISTING_DEADLINE_MS);
          const pageSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
          try {
            for (let page = 0; page < MAX_PAGES; page++) {
              const result = await connection.forward(method, cursor === undefined ? undefined : { cursor }, schema, {
                timeoutMs: Math.min(this.timeoutMs(), LISTING_DEADLINE_MS),
                signal: pageSignal,
              });
              items.push(...itemsOf(this.redacted(result)));
              cursor = result.nextCursor;
              if (cursor === undefined) break;
            }
          } catch (error) {
            this.gateway.logger.warn(
              { server: connection.entry.name, method, err: toGatewayError(error).message },
              'a listing for flat exposure failed; that server is left out of it',
            );
          }
          return { server: connection.entry.name, items };
        }),
    );
    return lists.sort((a, b) => a.server.localeCompare(b.server));
  }

  /** The policy's redaction over every text of a value (binary payloads left as they are). */
  redacted<T>(value: T): T {
    const policy = this.gateway.policy;
    return redactJson(value, (text) => policy.redact(text)) as T;
  }

  private timeoutMs(): number {
    return this.gateway.policy.timeoutFor(undefined);
  }
}
