// The parts of a flat or hybrid session beyond tools/call: prompts, resources, completions, logging, and change notifications.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  LoggingLevelSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import type { DirectExposure } from '../gateway/direct/direct-exposure.js';
import type { GatewayEvent } from '../gateway/gateway-events.js';
import type { Logger } from '../log/logger.js';

/** tools/list_changed waits this long for more changes (a refresh re-lists many servers at once). */
const LIST_CHANGED_DEBOUNCE_MS = 100;
/** Resources one session may subscribe to. */
const MAX_SUBSCRIPTIONS = 1_000;
const LEVELS = LoggingLevelSchema.options;

export function serveDirectExposure(server: Server, direct: DirectExposure, sessionId: string, logger: Logger): void {
  const subscriptions = new Set<string>();
  let level: LoggingLevel | undefined;

  if (direct.mode === 'flat') {
    const { passthrough } = direct;
    server.setRequestHandler(ListPromptsRequestSchema, (_request, extra) => passthrough.listPrompts(extra.signal));
    server.setRequestHandler(GetPromptRequestSchema, (request, extra) => passthrough.getPrompt(request.params.name, request.params.arguments, extra.signal));
    server.setRequestHandler(ListResourcesRequestSchema, (_request, extra) => passthrough.listResources(extra.signal));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, (_request, extra) => passthrough.listResourceTemplates(extra.signal));
    server.setRequestHandler(ReadResourceRequestSchema, (request, extra) => passthrough.readResource(request.params.uri, extra.signal));
    server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
      const result = await passthrough.subscribe(request.params.uri, true, extra.signal);
      if (subscriptions.size < MAX_SUBSCRIPTIONS) subscriptions.add(request.params.uri);
      return result;
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (request, extra) => {
      subscriptions.delete(request.params.uri);
      return passthrough.subscribe(request.params.uri, false, extra.signal);
    });
    server.setRequestHandler(CompleteRequestSchema, (request, extra) => passthrough.complete(request.params, extra.signal));
    server.setRequestHandler(SetLevelRequestSchema, (request) => {
      level = request.params.level;
      return passthrough.setLoggingLevel(request.params.level);
    });
  }

  let pending: NodeJS.Timeout | undefined;
  const send = (notification: Parameters<Server['notification']>[0]) => {
    // Sent only once the client has initialized; a closed transport just drops it.
    if (!server.getClientVersion()) return;
    server.notification(notification).catch((error: unknown) => logger.debug({ err: (error as Error).message, session: sessionId }, 'a notification could not be sent'));
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
    if (notification.method === 'notifications/resources/updated' && !subscriptions.has(String(params.uri))) return;
    if (notification.method === 'notifications/message' && !admits(level, params.level)) return;
    send(notification as Parameters<Server['notification']>[0]);
  };
  const unsubscribe = direct.events.subscribe(onEvent);
  const previous = server.onclose;
  server.onclose = () => {
    unsubscribe();
    clearTimeout(pending);
    previous?.();
  };
}

/** A log message passes when it is at least as severe as the level the client set (all pass before it sets one). */
function admits(threshold: LoggingLevel | undefined, messageLevel: unknown): boolean {
  if (threshold === undefined) return true;
  const at = LEVELS.indexOf(messageLevel as LoggingLevel);
  return at === -1 || at >= LEVELS.indexOf(threshold);
}
