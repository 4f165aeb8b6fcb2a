// An error answered on the wire exactly as built: the SDK sends a thrown error's `code`, `message` and `data`.

/**
 * Used where toolgate answers like a plain MCP server (flat and hybrid exposure). The SDK's McpError
 * would put "MCP error <code>: " in front of the message, and the client's McpError adds it again.
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

const CLIENT_PREFIX = /^MCP error -?\d+: /;

/** A downstream server's JSON-RPC error (an McpError on our client side), passed on with its own message. */
export function passOnJsonRpcError(error: { code: number; message: string; data?: unknown }): JsonRpcError {
  return new JsonRpcError(error.code, error.message.replace(CLIENT_PREFIX, ''), error.data);
}
