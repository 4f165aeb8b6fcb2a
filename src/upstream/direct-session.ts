// The parts of a flat or hybrid session beyond tools/call: prompts, resources, completions, logging, and change notifications.
import type { Server, ServerContext, LoggingLevel } from '@modelcontextprotocol/server';
import { GatewayError, toJsonRpcError } from '../errors/index.js';
import type { DirectExposure } from '../gateway/direct/direct-exposure.js';
import { admitsLevel } from '../gateway/direct/session-levels.js';
import type { GatewayEvent } from '../gateway/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { CallContext } from '../gateway/meta-tool.js';
import { clientIdentity } from './client-identity.js';
import { relayVia } from './upstream-asks.js';

/** tools/list_changed waits this long for more changes (a refresh re-lists many servers at once). */
const LIST_CHANGED_DEBOUNCE_MS = 100;
/** Resources one session may subscribe to. */
export const MAX_SUBSCRIPTIONS = 1_000;

/**
 * Installs the flat handlers and the event listener on `server`. The returned function undoes what outlives a
 * request (the listener, the session's subscriptions and logging level); it runs once, when the session
 * closes. `server.onclose` is chained, so whoever sets it later must chain it too (serveStdio does).
 */
export function serveDirectExposure(
  server: Server,
  direct: DirectExposure,
  sessionId: string,
  logger: Logger,
): () => void {
  const subscriptions = new Set<string>();
  let level: LoggingLevel | undefined;

  if (direct.mode === 'flat') {
    const { passthrough } = direct;
    /** Who asks, for the audit line and the per_session limits; the asking session also gets the server's requests meanwhile. */
    const contextOf = (ctx: ServerContext): CallContext => {
      const name = server.getClientVersion()?.name;
      return {
        signal: ctx.mcpReq.signal,
        sessionId,
        relay: relayVia(server, ctx.mcpReq.id, sessionId),
        ...(name === undefined ? {} : { clientName: name }),
        clientIdentity: clientIdentity(name),
        via: 'flat',
      };
    };
    server.setRequestHandler(
      'prompts/list',
      answered((_request, ctx) => passthrough.listPrompts(ctx.mcpReq.signal)),
    );
    server.setRequestHandler(
      'prompts/get',
      answered((request, ctx) => passthrough.getPrompt(request.params.name, request.params.arguments, contextOf(ctx))),
    );
    server.setRequestHandler(
      'resources/list',
      answered((_request, ctx) => passthrough.listResources(ctx.mcpReq.signal)),
    );
    server.setRequestHandler(
      'resources/templates/list',
      answered((_request, ctx) => passthrough.listResourceTemplates(ctx.mcpReq.signal)),
    );
    server.setRequestHandler(
      'resources/read',
      answered((request, ctx) => passthrough.readResource(request.params.uri, contextOf(ctx))),
    );
    server.setRequestHandler(
      'resources/subscribe',
      answered(async (request, ctx) => {
        const { uri } = request.params;
        if (subscriptions.has(uri)) return {};
        if (subscriptions.size >= MAX_SUBSCRIPTIONS) {
          throw new GatewayError(
            'USAGE',
            `This session already subscribes to ${MAX_SUBSCRIPTIONS} resources: unsubscribe from one first.`,
          );
        }
        // Claimed before the await, so that a second subscribe of the same URI does not count twice.
        subscriptions.add(uri);
        try {
          return await passthrough.subscribe(uri, contextOf(ctx));
        } catch (error) {
          subscriptions.delete(uri);
          throw error;
        }
      }),
    );
    server.setRequestHandler(
      'resources/unsubscribe',
      answered(async (request, ctx) => {
        const { uri } = request.params;
        if (!subscriptions.delete(uri)) return {};
        return passthrough.unsubscribe(uri, ctx.mcpReq.signal);
      }),
    );
    server.setRequestHandler(
      'completion/complete',
      answered((request, ctx) => passthrough.complete(request.params, contextOf(ctx))),
    );
    server.setRequestHandler(
      'logging/setLevel',
      answered(async (request) => {
        level = request.params.level;
        return passthrough.setLoggingLevel(sessionId, request.params.level);
      }),
    );
  }

  let pending: NodeJS.Timeout | undefined;
  let initialized = false;
  const previousInitialized = server.oninitialized;
  server.oninitialized = () => {
    initialized = true;
    previousInitialized?.();
  };
  const send = (notification: Parameters<Server['notification']>[0]) => {
    // Sent only after notifications/initialized, as the protocol asks.
    if (!initialized) return;
    // The session closed but its onclose was replaced, so dispose never ran: do it now rather than leak.
    if (!server.transport) return dispose();
    server
      .notification(notification)
      .catch((error: unknown) =>
        logger.debug({ err: (error as Error).message, session: sessionId }, 'a notification could not be sent'),
      );
  };
  const onEvent = (event: GatewayEvent) => {
    if (event.kind === 'tools_changed') {
      pending ??= setTimeout(() => {
        pending = undefined;
        send({ method: 'notifications/tools/list_changed' });
      }, LIST_CHANGED_DEBOUNCE_MS).unref();
      return;
    }
    if (direct.mode !== 'flat') return;
    const { notification } = event;
    const params = (notification.params ?? {}) as Record<string, unknown>;
    // A server the policy denies (now: the policy may have changed since it started) is not heard from.
    if (!direct.allowsServer(event.server)) return;
    if (notification.method === 'notifications/resources/updated' && !subscriptions.has(String(params.uri))) return;
    if (notification.method === 'notifications/message' && !admitsLevel(level, params.level)) return;
    // A log line can print a credential as easily as a result can: the same redaction applies.
    send({
      ...notification,
      ...(notification.params ? { params: direct.passthrough.redacted(notification.params) } : {}),
    } as Parameters<Server['notification']>[0]);
  };
  const unsubscribe = direct.events.subscribe(onEvent);
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    unsubscribe();
    clearTimeout(pending);
    if (direct.mode === 'flat') direct.passthrough.releaseSession(sessionId, subscriptions);
    subscriptions.clear();
  };
  const previous = server.onclose;
  server.onclose = () => {
    dispose();
    previous?.();
  };
  return dispose;
}

/** The edge of the flat handlers: whatever they throw is answered as the JSON-RPC error of errors/wire-codes.ts. */
function answered<A extends unknown[], R>(handle: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handle(...args);
    } catch (error) {
      throw toJsonRpcError(error);
    }
  };
}
