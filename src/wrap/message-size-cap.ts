// --max-message-size for every message but tool calls: what is said about a message over it, and the error answer it gets.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { GatewayError } from '../errors/index.js';
import { jsonBytes } from '../gates/call-gates.js';
import { isNotification, isRequest, isResponse, type RequestId } from './json-rpc-shapes.js';

export type Side = 'client' | 'server';

export interface OversizeVerdict {
  /** For the user's stderr. */
  note: string;
  /** The error answer, to the side that waits for one: the sender of a request, the asker of a response. */
  answer?: { to: Side; id: RequestId; error: GatewayError };
}

/**
 * Undefined when `message` fits under `cap` (or there is no cap). A request over it gets an error answer; a
 * response over it becomes an error answer to the same id (the asker would wait forever); any other message is
 * dropped.
 */
export function checkMessageSize(
  message: JSONRPCMessage,
  from: Side,
  cap: number | undefined,
): OversizeVerdict | undefined {
  if (cap === undefined) return undefined;
  const bytes = jsonBytes(message);
  if (bytes <= cap) return undefined;
  const to: Side = from === 'client' ? 'server' : 'client';
  const what = isRequest(message)
    ? `"${message.method}" request`
    : isNotification(message)
      ? `"${message.method}" notification`
      : `answer to request ${JSON.stringify((message as { id?: unknown }).id)}`;
  const received = `${from}'s ${what} is ${bytes} bytes, over --max-message-size (${cap} bytes)`;
  const note = `the ${received}; it was not forwarded to the ${to}. Restart toolgate wrap with a larger --max-message-size to let messages this large through.`;
  const text = `The ${received}, so toolgate wrap did not forward it to the ${to}.`;
  const refusal = (hint: string) => new GatewayError('GATE_FAILED', text, { hint, details: { gate: 'message_size' } });
  if (isRequest(message))
    return {
      note,
      answer: {
        to: from,
        id: message.id,
        error: refusal("Send a smaller request, or raise toolgate wrap's --max-message-size."),
      },
    };
  if (isResponse(message))
    return {
      note,
      answer: { to, id: message.id, error: refusal("Ask for less, or raise toolgate wrap's --max-message-size.") },
    };
  return { note };
}
