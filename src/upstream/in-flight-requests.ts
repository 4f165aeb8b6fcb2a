// Which client requests an attach bridge relayed that have no answer yet, and failing those whose stream broke.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { SocketFetch } from '../control/socket-fetch.js';

/**
 * After the stream that carried a request ends without its answer, the answer may still sit in the part
 * of the stream the SDK has not parsed yet: it gets this long before the request is failed.
 */
export const ANSWER_GRACE_MS = 1_000;

type RequestId = string | number;

export class InFlightRequests {
  private readonly pending = new Set<RequestId>();

  constructor(private readonly onLost: (id: RequestId) => void) {}

  /** A client request on its way to the gateway. */
  sent(message: JSONRPCMessage): void {
    if ('id' in message && 'method' in message) this.pending.add(message.id);
  }

  /** An answer on its way to the client. */
  answered(message: JSONRPCMessage): void {
    if ('id' in message && !('method' in message) && message.id !== undefined) this.pending.delete(message.id);
  }

  /**
   * Wraps the bridge's fetch: when the response stream of a POST ends or breaks (the gateway was killed),
   * each request it carried that is still unanswered after the grace period is reported lost.
   */
  watch(fetch: SocketFetch): SocketFetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      const ids = init?.method === 'POST' ? this.idsIn(init.body) : [];
      // A refused POST (the 404 of an expired session) carried no answer: the bridge resends or answers it itself.
      if (ids.length === 0 || !response.body || !response.ok) return response;
      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
      const ended = () => {
        setTimeout(() => {
          for (const id of ids) if (this.pending.delete(id)) this.onLost(id);
        }, ANSWER_GRACE_MS).unref();
      };
      response.body.pipeTo(writable).then(ended, ended);
      return new Response(readable, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  private idsIn(body: unknown): RequestId[] {
    if (typeof body !== 'string') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    return messages.flatMap((message: Record<string, unknown>) =>
      'method' in message &&
      (typeof message.id === 'string' || typeof message.id === 'number') &&
      this.pending.has(message.id)
        ? [message.id]
        : [],
    );
  }
}
