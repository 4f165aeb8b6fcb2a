// Turns a GatewayError into the SPEC's failure shape: an `isError` tool result with `{ error: {...} }`.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { GatewayError } from '../errors/index.js';

export function errorResult(error: GatewayError): CallToolResult {
  const structured = { error: error.toJSON() };
  return {
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
    isError: true,
  };
}
