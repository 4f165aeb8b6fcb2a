// Every JSON-RPC error code toolgate sends, and the one mapping from a GatewayError code to it.
import type { ErrorCode } from './gateway-error.js';

/**
 * The numeric codes toolgate puts on the wire. JSON-RPC 2.0 reserves -32768..-32000; -32000..-32099 are
 * implementation-defined server errors, where MCP itself uses -32000, -32001 (the SDK's closed connection,
 * timeout and unknown HTTP session), -32002 (resource not found), -32020, -32022 and -32042.
 */
export const JSON_RPC_CODES = {
  /** JSON-RPC 2.0: the body is not JSON. */
  PARSE_ERROR: -32700,
  /** JSON-RPC 2.0: not a valid request (bad shape, an id already in flight, a limit the request itself breaks). */
  INVALID_REQUEST: -32600,
  /** JSON-RPC 2.0: params no method could take (an unknown tool or prompt name, arguments nested too deep). */
  INVALID_PARAMS: -32602,
  /** JSON-RPC 2.0: toolgate hit an unexpected error of its own. */
  INTERNAL_ERROR: -32603,
  /** toolgate's generic server error: a failed gate, a server down or too slow, an HTTP request refused. */
  SERVER_ERROR: -32000,
  /** The policy blocks this tool or server. */
  POLICY_DENIED: -32001,
  /** Streamable HTTP: the Mcp-Session-Id names no live session (the SDK's code for it; an HTTP 404 comes with it). */
  SESSION_NOT_FOUND: -32001,
  /** MCP: no server offers this resource URI. */
  RESOURCE_NOT_FOUND: -32002,
  /** The user (or the absence of a way to ask them) did not approve the call. toolgate's own code: MCP does not use it. */
  APPROVAL_DENIED: -32010,
} as const;

/** Which JSON-RPC code each GatewayError code becomes when it is answered as a JSON-RPC error. */
export const WIRE_CODE_OF: Readonly<Record<ErrorCode, number>> = {
  TOOL_NOT_FOUND: JSON_RPC_CODES.INVALID_PARAMS,
  SERVER_NOT_FOUND: JSON_RPC_CODES.INVALID_PARAMS,
  PROMPT_NOT_FOUND: JSON_RPC_CODES.INVALID_PARAMS,
  RESOURCE_NOT_FOUND: JSON_RPC_CODES.RESOURCE_NOT_FOUND,
  INVALID_ARGUMENTS: JSON_RPC_CODES.INVALID_PARAMS,
  POLICY_DENIED: JSON_RPC_CODES.POLICY_DENIED,
  GATE_FAILED: JSON_RPC_CODES.SERVER_ERROR,
  APPROVAL_DENIED: JSON_RPC_CODES.APPROVAL_DENIED,
  POLICY_INVALID: JSON_RPC_CODES.SERVER_ERROR,
  CONFIG_INVALID: JSON_RPC_CODES.SERVER_ERROR,
  MANIFEST_INVALID: JSON_RPC_CODES.SERVER_ERROR,
  DOWNSTREAM_UNAVAILABLE: JSON_RPC_CODES.SERVER_ERROR,
  DOWNSTREAM_TIMEOUT: JSON_RPC_CODES.SERVER_ERROR,
  DOWNSTREAM_ERROR: JSON_RPC_CODES.SERVER_ERROR,
  OUTPUT_TRUNCATED: JSON_RPC_CODES.SERVER_ERROR,
  CANCELLED: JSON_RPC_CODES.SERVER_ERROR,
  CALL_NOT_FOUND: JSON_RPC_CODES.SERVER_ERROR,
  LOCK_HELD: JSON_RPC_CODES.SERVER_ERROR,
  LISTEN_FAILED: JSON_RPC_CODES.SERVER_ERROR,
  GATEWAY_NOT_RUNNING: JSON_RPC_CODES.SERVER_ERROR,
  USAGE: JSON_RPC_CODES.INVALID_REQUEST,
  SERVER_NOT_INSTALLED: JSON_RPC_CODES.SERVER_ERROR,
  CREDENTIAL_MISSING: JSON_RPC_CODES.SERVER_ERROR,
  PROVISION_FAILED: JSON_RPC_CODES.SERVER_ERROR,
  REGISTRY_UNAVAILABLE: JSON_RPC_CODES.SERVER_ERROR,
  INTERNAL: JSON_RPC_CODES.INTERNAL_ERROR,
};

/**
 * The refusals a transparent face (a flat or hybrid tool, wrap) answers as JSON-RPC errors, where the
 * gateway's other failures of a tool call are tool results the model can read.
 */
export const REFUSAL_CODES: ReadonlySet<ErrorCode> = new Set(['GATE_FAILED', 'POLICY_DENIED', 'APPROVAL_DENIED']);

export function wireCodeOf(code: ErrorCode): number {
  return WIRE_CODE_OF[code];
}

/** Whether an error code is a gate's refusal (a failed gate, a policy block, a denied approval). */
export function isRefusal(code: string): boolean {
  return REFUSAL_CODES.has(code as ErrorCode);
}
