// Requests a downstream server sends back up (sampling, elicitation), handed to the upstream session whose call is running there.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type Notification,
} from '@modelcontextprotocol/sdk/types.js';

/** The upstream side of one call: forwards a server-to-client request to the session that made the call. */
export interface UpstreamRelay {
  request(method: RelayedMethod, params: Record<string, unknown>, options: { signal: AbortSignal }): Promise<Record<string, unknown>>;
  /** Whether the upstream client declared the capability `method` needs; absent: it is assumed to. */
  accepts?(method: RelayedMethod): boolean;
  /** The upstream session it answers for: a request is relayed only when one session has calls running. */
  session?: string;
}

export type RelayedMethod = 'sampling/createMessage' | 'elicitation/create';

/** What toolgate tells each downstream server it can do as a client: it relays these to the upstream client. */
export const RELAYED_CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {} } } as const;

/** Notifications of a downstream server that the upstream sessions may want (flat exposure forwards them). */
export type DownstreamNotification = Notification & { method: 'notifications/message' | 'notifications/resources/updated' | 'notifications/resources/list_changed' | 'notifications/prompts/list_changed' };

/**
 * The relays of the calls running on one connection. A server's request back up carries no link to the call
 * that caused it on stdio, so it is relayed only when the running calls all come from one session (to the
 * most recent of them): with several sessions a guess could show one session's prompt to another's user,
 * so the server gets an error instead. It also gets one at once when that session's client cannot answer.
 */
export class RelayRegistry {
  private readonly active: UpstreamRelay[] = [];

  /** Registers a running call's relay; the returned function removes it. */
  add(relay: UpstreamRelay): () => void {
    this.active.push(relay);
    return () => {
      const index = this.active.lastIndexOf(relay);
      if (index !== -1) this.active.splice(index, 1);
    };
  }

  /** Installs the request and notification handlers on a fresh client. */
  install(client: Client, server: string, onNotification?: (server: string, notification: DownstreamNotification) => void): void {
    const relayTo = (method: RelayedMethod) => (request: { params: Record<string, unknown> }, extra: { signal: AbortSignal }) => {
      if (this.active.length === 0) {
        throw new McpError(ErrorCode.InvalidRequest, `toolgate has no upstream session to ask: ${method} is relayed only while a tool call of this server is running.`);
      }
      const sessions = new Set(this.active.map((candidate) => candidate.session));
      if (sessions.size > 1) {
        throw new McpError(ErrorCode.InvalidRequest, `toolgate cannot tell which of ${sessions.size} sessions using this server asked: ${method} is relayed only while one session's calls are running here.`);
      }
      const relay = this.active.findLast((candidate) => candidate.accepts?.(method) ?? true);
      if (!relay) {
        const capability = method === 'sampling/createMessage' ? 'sampling' : 'elicitation';
        throw new McpError(ErrorCode.InvalidRequest, `The client that made this call does not support ${capability}: toolgate cannot relay ${method} to it.`);
      }
      return relay.request(method, request.params, { signal: extra.signal }) as never;
    };
    client.setRequestHandler(CreateMessageRequestSchema, relayTo('sampling/createMessage'));
    client.setRequestHandler(ElicitRequestSchema, relayTo('elicitation/create'));
    if (!onNotification) return;
    const pass = (notification: Notification) => onNotification(server, notification as DownstreamNotification);
    client.setNotificationHandler(LoggingMessageNotificationSchema, pass);
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, pass);
    client.setNotificationHandler(ResourceListChangedNotificationSchema, pass);
    client.setNotificationHandler(PromptListChangedNotificationSchema, pass);
  }
}
