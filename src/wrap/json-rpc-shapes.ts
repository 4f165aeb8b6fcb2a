// The JSON-RPC message shapes the proxy routes by, and the error answers it makes itself.
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayError } from '../errors/index.js';
import { jsonRpcCodeOf } from '../gates/gate-error.js';

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

/** JSON-RPC's generic server error: toolgate's own failures that are not a policy or approval refusal. */
export const WRAP_ERROR_CODE = -32000;
/** JSON-RPC's codes for a request that breaks the protocol, and for params no method could take. */
export const INVALID_REQUEST_CODE = -32600;
export const INVALID_PARAMS_CODE = -32602;

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

export function errorAnswer(id: RequestId, code: number, message: string, data?: Record<string, unknown>): JSONRPCMessage {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } } as JSONRPCMessage;
}

/** A toolgate error as the JSON-RPC error a client gets: gate codes -32000/-32001/-32002 (or `rpcCode`), `data` with code, gate and hint. */
export function gatewayErrorAnswer(id: RequestId, error: GatewayError, rpcCode?: number): JSONRPCMessage {
  const details = error.details ?? {};
  return errorAnswer(id, rpcCode ?? jsonRpcCodeOf(error.code) ?? WRAP_ERROR_CODE, error.message, {
    code: error.code,
    ...(details.gate === undefined ? {} : { gate: details.gate }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(details.tool_id === undefined ? {} : { tool_id: details.tool_id }),
  });
}

export function paramsOf(message: { params?: unknown }): Record<string, unknown> {
  const params = message.params;
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}

export function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
