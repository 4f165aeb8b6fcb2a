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
  request(method: 'sampling/createMessage' | 'elicitation/create', params: Record<string, unknown>, options: { signal: AbortSignal }): Promise<Record<string, unknown>>;
}

/** What toolgate tells each downstream server it can do as a client: it relays these to the upstream client. */
export const RELAYED_CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {} } } as const;

/** Notifications of a downstream server that the upstream sessions may want (flat exposure forwards them). */
export type DownstreamNotification = Notification & { method: 'notifications/message' | 'notifications/resources/updated' | 'notifications/resources/list_changed' | 'notifications/prompts/list_changed' };

/**
 * The relays of the calls running on one connection. A server's request back up carries no link to the call
 * that caused it on stdio, so it goes to the most recent running call that can answer: exact when one
 * session uses the server at a time, a best guess when several do.
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
    const relayTo = (method: 'sampling/createMessage' | 'elicitation/create') => (request: { params: Record<string, unknown> }, extra: { signal: AbortSignal }) => {
      const relay = this.active.at(-1);
      if (!relay) {
        throw new McpError(ErrorCode.InvalidRequest, `toolgate has no upstream session to ask: ${method} is relayed only while a tool call of this server is running.`);
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
