// The one translation of toolgate's errors into JSON-RPC errors, done at each edge (session server, HTTP, wrap, relay).
import { toGatewayError, type GatewayError } from './gateway-error.js';
import { JSON_RPC_CODES, wireCodeOf } from './wire-codes.js';

/**
 * An error answered on the wire exactly as built: the SDK sends a thrown error's `code`, `message` and `data`.
 * (v1's McpError put "MCP error <code>: " in front of the message; a plain error never did, and on v2 still keeps
 * `data` exactly as built, which legacy-wire-codes.ts relies on.)
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'JsonRpcError';
  }
}

/**
 * Anything thrown, as the JSON-RPC error an edge answers: the code of wire-codes.ts, and `data` with the string
 * code, the hint and the details. A downstream server's own JSON-RPC error (DOWNSTREAM_ERROR with
 * `downstream_code`, redacted by whoever built it) passes on with its own code, message and data.
 */
export function toJsonRpcError(error: unknown): JsonRpcError {
  const failure = toGatewayError(error);
  const details = failure.details ?? {};
  if (isServersOwnJsonRpcError(failure)) {
    return new JsonRpcError(
      details.downstream_code as number,
      String(details.downstream_message ?? failure.message),
      details.downstream_data,
    );
  }
  const code = wireCodeOf(failure.code);
  const data = { ...details, code: failure.code, ...(failure.hint === undefined ? {} : { hint: failure.hint }) };
  if (code === JSON_RPC_CODES.RESOURCE_NOT_FOUND) resourceNotFoundData.add(data);
  return new JsonRpcError(code, failure.message, data);
}

/**
 * The v2 SDK sends every -32002 as -32602 (the 2026-07-28 code for a missing resource), but a 2025-11-25 client
 * expects -32002. The `data` of each such error built here is remembered: the SDK puts that very object on the
 * wire, so the edge can give a legacy session its code back (upstream/legacy-wire-codes.ts).
 */
const resourceNotFoundData = new WeakSet<object>();

/** Whether an error response's `data` is that of a resource-not-found error built by toJsonRpcError. */
export function isResourceNotFoundData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && resourceNotFoundData.has(data);
}

/** Whether the error is a downstream server's own JSON-RPC error (its code kept in `details.downstream_code`). */
export function isServersOwnJsonRpcError(error: GatewayError): boolean {
  return error.code === 'DOWNSTREAM_ERROR' && typeof error.details?.downstream_code === 'number';
}
