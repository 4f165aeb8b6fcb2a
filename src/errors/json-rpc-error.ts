// The one translation of toolgate's errors into JSON-RPC errors, done at each edge (session server, HTTP, wrap, relay).
import { toGatewayError, type GatewayError } from './gateway-error.js';
import { wireCodeOf } from './wire-codes.js';

/**
 * An error answered on the wire exactly as built: the SDK sends a thrown error's `code`, `message` and `data`.
 * The SDK's McpError would put "MCP error <code>: " in front of the message, and the client's McpError adds it again.
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
  return new JsonRpcError(wireCodeOf(failure.code), failure.message, {
    ...details,
    code: failure.code,
    ...(failure.hint === undefined ? {} : { hint: failure.hint }),
  });
}

/** Whether the error is a downstream server's own JSON-RPC error (its code kept in `details.downstream_code`). */
export function isServersOwnJsonRpcError(error: GatewayError): boolean {
  return error.code === 'DOWNSTREAM_ERROR' && typeof error.details?.downstream_code === 'number';
}
