// What becomes of a JSON-RPC message nested past MAX_JSON_DEPTH, decided once for every face that parses one.
import { JSON_RPC_CODES } from '../errors/index.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { cutJson, exceedsJsonDepth, tooDeepText } from './json-depth.js';

export type Admission =
  /** The message as it came, or what stands in for it (a cut tools/call, an error in place of a deep answer). */
  | { kind: 'pass'; message: JSONRPCMessage }
  /** Not taken: `answer` (to a request) goes back to the sender; `note` says what was dropped, for the log. */
  | { kind: 'refuse'; answer?: JSONRPCMessage; note: string };

type RequestId = string | number;

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function tooDeepError(id: RequestId, what: string): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    error: { code: JSON_RPC_CODES.INVALID_REQUEST, message: tooDeepText(what), data: { code: 'INVALID_ARGUMENTS' } },
  };
}

/**
 * A message within MAX_JSON_DEPTH passes as it is. Past it, only shallow fields are read (id, method), and:
 * - a tools/call is cut (CUT_JSON where the deep part was) and passes on, so the call gates refuse it and
 *   the audit log records it like any refused call;
 * - an answer becomes an error answer to the same id, so whoever asked gets a clean error, not a hang;
 * - any other request is answered with an error; a notification is dropped.
 */
export function admitMessage(message: JSONRPCMessage): Admission {
  if (!exceedsJsonDepth(message)) return { kind: 'pass', message };
  const { id, method } = message as { id?: unknown; method?: unknown };
  if (typeof method !== 'string') {
    if (isRequestId(id))
      return { kind: 'pass', message: tooDeepError(id, `The answer to request ${JSON.stringify(id)}`) };
    return { kind: 'refuse', note: tooDeepText('A message without a method or an id') };
  }
  if (!isRequestId(id)) return { kind: 'refuse', note: tooDeepText(`A "${method.slice(0, 100)}" notification`) };
  if (method === 'tools/call') return { kind: 'pass', message: cutJson(message) as JSONRPCMessage };
  return {
    kind: 'refuse',
    answer: tooDeepError(id, `The "${method.slice(0, 100)}" request`),
    note: tooDeepText(`A "${method.slice(0, 100)}" request`),
  };
}
