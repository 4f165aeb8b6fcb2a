// Requests a downstream server sends back up (sampling, elicitation), handed to the upstream session whose call is running there.
import type { Client, Notification } from '@modelcontextprotocol/client';
import { GatewayError, toJsonRpcError } from '../errors/index.js';

/** The upstream side of one call: forwards a server-to-client request to the session that made the call. */
export interface UpstreamRelay {
  request(
    method: RelayedMethod,
    params: Record<string, unknown>,
    options: { signal: AbortSignal },
  ): Promise<Record<string, unknown>>;
  /** Whether the upstream client declared the capability `method` needs; absent: it is assumed to. */
  accepts?(method: RelayedMethod): boolean;
  /** The upstream session it answers for: a request is relayed only when one session has calls running. */
  session?: string;
  /**
   * The client program behind the session (its capped clientInfo.name). A late request from an ended call is
   * only a risk across clients: one client's sessions one after another (a test suite, a restarted window)
   * do not hold each other's questions up.
   */
  client?: string;
}

export type RelayedMethod = 'sampling/createMessage' | 'elicitation/create';

/** What toolgate tells each downstream server it can do as a client: it relays these to the upstream client. */
export const RELAYED_CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {} } } as const;

/** Notifications of a downstream server that the upstream sessions may want (flat exposure forwards them). */
export type DownstreamNotification = Notification & {
  method:
    | 'notifications/message'
    | 'notifications/resources/updated'
    | 'notifications/resources/list_changed'
    | 'notifications/prompts/list_changed';
};

/** Sampling and elicitation requests relayed for one call at most; past it the server gets an error (a loop of them is abuse). */
export const MAX_RELAYED_REQUESTS_PER_CALL = 100;
/**
 * How long after a call ends its session still counts as a possible asker: a server's late request (the call it
 * was for is over) must not reach another session's call started meanwhile.
 */
export const DEFAULT_LATE_REQUEST_WINDOW_MS = 60_000;

interface ActiveRelay {
  relay: UpstreamRelay;
  /** Requests relayed for this call so far. */
  relayed: number;
  /** Aborted when the call ends: a relayed request still open upstream is withdrawn. */
  ended: AbortController;
}

/**
 * The relays of the calls running on one connection. A server's request back up carries no link to the call
 * that caused it on stdio, so it is relayed only when it can only have come from one session: the calls running
 * now, and those that ended within DEFAULT_LATE_REQUEST_WINDOW_MS (a late request may be theirs), all come from
 * it. It goes to the most recent of that session's running calls, at most MAX_RELAYED_REQUESTS_PER_CALL times per
 * call, and is withdrawn when that call ends. With several sessions a guess could show one session's prompt to
 * another's user, so the server gets an error instead; also when the session's client cannot answer.
 */
export class RelayRegistry {
  private readonly active: ActiveRelay[] = [];
  /** When a call of each session last ended here, and its client (only those within the window are kept). */
  private readonly ended = new Map<string | undefined, { at: number; client: string | undefined }>();

  constructor(private readonly lateWindowMs = DEFAULT_LATE_REQUEST_WINDOW_MS) {}

  /** Registers a running call's relay; the returned function removes it (the call has ended). */
  add(relay: UpstreamRelay): () => void {
    const entry: ActiveRelay = { relay, relayed: 0, ended: new AbortController() };
    this.active.push(entry);
    return () => {
      const index = this.active.lastIndexOf(entry);
      if (index === -1) return;
      this.active.splice(index, 1);
      entry.ended.abort();
      this.ended.delete(relay.session);
      this.ended.set(relay.session, { at: Date.now(), client: relay.client });
    };
  }

  /** Installs the request and notification handlers on a fresh client. */
  install(
    client: Client,
    server: string,
    onNotification?: (server: string, notification: DownstreamNotification) => void,
  ): void {
    // The edge toward the server: toolgate's refusals become JSON-RPC errors; the client's own answer passes as it came.
    const relayTo =
      (method: RelayedMethod) =>
      async (request: { params: Record<string, unknown> }, ctx: { mcpReq: { signal: AbortSignal } }) => {
        try {
          const entry = this.pick(method);
          entry.relayed += 1;
          return (await entry.relay.request(method, request.params, {
            signal: AbortSignal.any([ctx.mcpReq.signal, entry.ended.signal]),
          })) as never;
        } catch (error) {
          throw error instanceof GatewayError ? toJsonRpcError(error) : error;
        }
      };
    client.setRequestHandler('sampling/createMessage', relayTo('sampling/createMessage'));
    client.setRequestHandler('elicitation/create', relayTo('elicitation/create'));
    if (!onNotification) return;
    const pass = (notification: Notification) => onNotification(server, notification as DownstreamNotification);
    client.setNotificationHandler('notifications/message', pass);
    client.setNotificationHandler('notifications/resources/updated', pass);
    client.setNotificationHandler('notifications/resources/list_changed', pass);
    client.setNotificationHandler('notifications/prompts/list_changed', pass);
  }

  /** The running call a server's request goes to, or the error the server gets. */
  private pick(method: RelayedMethod): ActiveRelay {
    if (this.active.length === 0) {
      throw new GatewayError(
        'USAGE',
        `toolgate has no upstream session to ask: ${method} is relayed only while a tool call of this server is running.`,
      );
    }
    const running = new Set(this.active.map((entry) => entry.relay.session));
    const client = this.active[0]?.relay.client;
    // Another client's call that ended within the window may be the one asking; the same client's may not differ.
    const others = this.recentlyEnded().filter(
      ([session, ended]) => !running.has(session) && (client === undefined || ended.client !== client),
    );
    const sessions = new Set([...running, ...others.map(([session]) => session)]);
    if (sessions.size > 1) {
      throw new GatewayError(
        'USAGE',
        `toolgate cannot tell which of ${sessions.size} sessions using this server asked: ${method} is relayed only while one session's calls are running here, and no other client's call ended within the last ${this.lateWindowMs / 1000} s.`,
      );
    }
    const entry = this.active.findLast((candidate) => candidate.relay.accepts?.(method) ?? true);
    if (!entry) {
      const capability = method === 'sampling/createMessage' ? 'sampling' : 'elicitation';
      throw new GatewayError(
        'USAGE',
        `The client that made this call does not support ${capability}: toolgate cannot relay ${method} to it.`,
      );
    }
    if (entry.relayed >= MAX_RELAYED_REQUESTS_PER_CALL) {
      throw new GatewayError(
        'USAGE',
        `This call has had ${entry.relayed} sampling and elicitation requests relayed already; toolgate relays at most ${MAX_RELAYED_REQUESTS_PER_CALL} per call (MAX_RELAYED_REQUESTS_PER_CALL). Finish the call with what you have.`,
      );
    }
    return entry;
  }

  /** Sessions whose call ended here within the window, with their client (older ones are forgotten). */
  private recentlyEnded(): [string | undefined, { at: number; client: string | undefined }][] {
    const since = Date.now() - this.lateWindowMs;
    // Kept in order of ending: the oldest come first.
    for (const [session, ended] of this.ended) {
      if (ended.at >= since) break;
      this.ended.delete(session);
    }
    return [...this.ended.entries()];
  }
}
