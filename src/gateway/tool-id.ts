// Parsing `server::tool` ids, with errors that say what a valid id looks like.
import { GatewayError } from '../errors/index.js';
import { SERVER_NAME_PATTERN } from '../config/server-entry.js';
import { TOOL_ID_SEPARATOR } from '../catalog/tool-index.js';

export const MAX_TOOL_ID_LENGTH = 200;

export function parseToolId(toolId: string): { server: string; tool: string } {
  const at = toolId.indexOf(TOOL_ID_SEPARATOR);
  const server = at > 0 ? toolId.slice(0, at) : '';
  const tool = at > 0 ? toolId.slice(at + TOOL_ID_SEPARATOR.length) : '';
  if (toolId.length > MAX_TOOL_ID_LENGTH || !SERVER_NAME_PATTERN.test(server) || !tool) {
    throw new GatewayError(
      'TOOL_NOT_FOUND',
      `"${truncate(toolId)}" is not a tool id: expected "server::tool", e.g. "github::create_issue".`,
      {
        hint: 'Use a tool_id exactly as gateway.catalog_search returned it.',
        details: { tool_id: truncate(toolId) },
      },
    );
  }
  return { server, tool };
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
