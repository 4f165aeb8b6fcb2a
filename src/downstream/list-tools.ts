// Reads a server's whole tool list (following cursors, bounded) and repairs what real servers get wrong.
import type { Client } from '@modelcontextprotocol/client';
import { LenientListToolsResultSchema, normalizeTools, type NormalizeOutcome } from './downstream-tool.js';

/** Pages of `tools/list` followed at most, so a server returning cursors forever cannot hang us. */
export const MAX_TOOL_LIST_PAGES = 50;

export async function listAllTools(client: Client, timeoutMs?: number): Promise<NormalizeOutcome> {
  // A server of prompts or resources only declares no tools, and may answer tools/list with "method not found".
  const capabilities = client.getServerCapabilities();
  if (capabilities !== undefined && capabilities.tools === undefined) return { tools: [], notes: [] };
  const raw: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_LIST_PAGES; page++) {
    const result = await client.request(
      { method: 'tools/list', params: cursor ? { cursor } : {} },
      LenientListToolsResultSchema,
      timeoutMs === undefined ? {} : { timeout: timeoutMs },
    );
    raw.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return normalizeTools(raw);
}
