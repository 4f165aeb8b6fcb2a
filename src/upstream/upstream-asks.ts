// What a call may ask of the client that made it: the user's approval, and a downstream server's sampling and elicitation.
import { CreateMessageResultSchema, ElicitResultSchema } from '@modelcontextprotocol/core';
import type { Server, RequestId } from '@modelcontextprotocol/server';
import { GatewayError } from '../errors/index.js';
import type { UpstreamRelay } from '../gateway/meta-tool.js';
import { supportsFormElicitation, type AskUser } from '../gates/approval.js';

/** How long a relayed sampling or elicitation request may wait for the client (a person may be answering). */
export const RELAY_TIMEOUT_MS = 10 * 60_000;

/**
 * The approval question, when the client declared form elicitation. It is a form with no fields: accepting
 * it approves. Sent on the call's own stream (relatedRequestId), so an HTTP client sees it in context.
 */
export function askUserVia(server: Server, requestId: RequestId): AskUser | undefined {
  if (!supportsFormElicitation(server.getClientCapabilities())) return undefined;
  return async (message, { timeoutMs, signal }) => {
    const result = await server.request(
      { method: 'elicitation/create', params: { message, requestedSchema: { type: 'object', properties: {} } } },
      { timeout: timeoutMs, signal, relatedRequestId: requestId },
    );
    return result.action;
  };
}

/**
 * Passes a downstream server's request up to this client, on the call's own stream (relatedRequestId). A
 * method whose capability the client did not declare is refused here: a client need not answer it at all.
 */
export function relayVia(server: Server, requestId: RequestId, session: string): UpstreamRelay {
  const accepts = (method: string) => {
    const capabilities = server.getClientCapabilities();
    return method === 'sampling/createMessage'
      ? capabilities?.sampling !== undefined
      : capabilities?.elicitation !== undefined;
  };
  const client = server.getClientVersion()?.name;
  return {
    session,
    ...(client === undefined ? {} : { client }),
    accepts,
    request: async (method, params, { signal }) => {
      if (!accepts(method)) {
        throw new GatewayError(
          'USAGE',
          `The client did not declare the capability ${method} needs: toolgate cannot relay it.`,
        );
      }
      const schema = method === 'sampling/createMessage' ? CreateMessageResultSchema : ElicitResultSchema;
      return (await server.request({ method, params } as never, schema, {
        timeout: RELAY_TIMEOUT_MS,
        signal,
        relatedRequestId: requestId,
      })) as Record<string, unknown>;
    },
  };
}
