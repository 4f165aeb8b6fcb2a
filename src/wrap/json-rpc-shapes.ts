// The JSON-RPC message shapes the proxy routes by, and the error answers it makes itself.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { toJsonRpcError } from '../errors/index.js';

export type RequestId = string | number;

export interface RpcRequest {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcResponse {
  jsonrpc: '2.0';
  id: RequestId;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

type Loose = Record<string, unknown>;

export function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & RpcRequest {
  const loose = message as Loose;
  return typeof loose.method === 'string' && isRequestId(loose.id);
}

export function isNotification(message: JSONRPCMessage): message is JSONRPCMessage & RpcNotification {
  const loose = message as Loose;
  return typeof loose.method === 'string' && loose.id === undefined;
}

export function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & RpcResponse {
  const loose = message as Loose;
  return loose.method === undefined && isRequestId(loose.id) && ('result' in loose || 'error' in loose);
}

/** Map key of a request id: `1` and `"1"` are different requests. */
export function idKey(id: RequestId): string {
  return `${typeof id}:${String(id)}`;
}

export function errorAnswer(
  id: RequestId,
  code: number,
  message: string,
  data?: Record<string, unknown>,
): JSONRPCMessage {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } } as JSONRPCMessage;
}

/**
 * A toolgate error as the JSON-RPC error a client gets (errors/wire-codes.ts), `data` with its code, hint and details;
 * a server's own JSON-RPC error keeps its code; anything else is an internal error.
 */
export function gatewayErrorAnswer(id: RequestId, error: unknown): JSONRPCMessage {
  const { code, message, data } = toJsonRpcError(error);
  return errorAnswer(id, code, message, data as Record<string, unknown> | undefined);
}

export function paramsOf(message: { params?: unknown }): Record<string, unknown> {
  const params = message.params;
  return typeof params === 'object' && params !== null && !Array.isArray(params)
    ? (params as Record<string, unknown>)
    : {};
}

export function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** The request's `_meta.progressToken`, when the client asked for progress. */
export function progressTokenOf(request: { params?: unknown }): RequestId | undefined {
  const meta = paramsOf(request)._meta;
  const token =
    typeof meta === 'object' && meta !== null ? (meta as { progressToken?: unknown }).progressToken : undefined;
  return isRequestId(token) ? token : undefined;
}
