// Checks a downstream tools/call result against the MCP schema, so a broken one becomes our own clear error.
import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  AudioContentSchema,
  CallToolResultSchema,
  EmbeddedResourceSchema,
  ImageContentSchema,
  ResourceLinkSchema,
  TextContentSchema,
} from '@modelcontextprotocol/core';
import { formatFieldPath, GatewayError } from '../errors/index.js';

const BLOCK_SCHEMAS: Record<
  string,
  { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }
> = {
  text: TextContentSchema,
  image: ImageContentSchema,
  audio: AudioContentSchema,
  resource_link: ResourceLinkSchema,
  resource: EmbeddedResourceSchema,
};

/**
 * Returns the result unchanged when it is valid. Otherwise throws DOWNSTREAM_ERROR naming the first bad
 * field (without this, the upstream SDK would answer the client with a bare -32602 protocol error).
 */
export function validateCallResult(result: unknown, toolId: string): CallToolResult {
  const parsed = CallToolResultSchema.safeParse(result);
  if (parsed.success) return result as CallToolResult;
  const problem = describeProblem(result, parsed.error.issues);
  throw new GatewayError('DOWNSTREAM_ERROR', `${toolId} returned an invalid tool result: ${problem}.`, {
    hint: "The downstream server broke the MCP result format; nothing of it was passed on. Report it to the server's authors.",
    details: { tool_id: toolId },
  });
}

function describeProblem(result: unknown, issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const [first] = issues;
  if (!first) return 'it does not match the MCP CallToolResult schema';
  const [key, index] = first.path;
  const content = (result as { content?: unknown } | null)?.content;
  // A content block fails as a union of every block kind: explain it with the schema of the kind it claims to be.
  if (key === 'content' && typeof index === 'number' && Array.isArray(content)) {
    const block: unknown = content[index];
    const type = (block as { type?: unknown } | null)?.type;
    const schema = typeof type === 'string' ? BLOCK_SCHEMAS[type] : undefined;
    if (!schema)
      return `content[${index}] has type ${JSON.stringify(type)}; expected one of ${Object.keys(BLOCK_SCHEMAS).join(', ')}`;
    const inner = schema.safeParse(block).error?.issues[0];
    if (inner) return `content[${index}] (${type}) ${formatFieldPath(inner.path) || 'block'}: ${inner.message}`;
  }
  return `${formatFieldPath(first.path) || '(result)'}: ${first.message}`;
}
