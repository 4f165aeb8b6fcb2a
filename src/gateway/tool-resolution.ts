// The two checks every tool reference passes, for describe and invoke alike: policy, then existence.
import type { DownstreamTool } from '../downstream/downstream-tool.js';
import type { ServerConnection } from '../downstream/server-connection.js';
import type { ServerPool } from '../downstream/server-pool.js';
import { GatewayError } from '../errors/index.js';
import type { PolicyView } from './policy-view.js';

/** A deny decision becomes POLICY_DENIED here (describe); invoke's deny gate does the same on the call path. Monitor mode lets it pass. */
export function assertToolAllowed(policy: PolicyView, server: string, tool: string): void {
  const decision = policy.decideTool(server, tool);
  if (decision.allowed || policy.policy.mode === 'monitor') return;
  throw new GatewayError('POLICY_DENIED', `${server}::${tool} is not allowed by policy (${decision.reason}).`, {
    hint: 'Pick another tool with gateway_catalog_search, or ask the user to change the policy file.',
    details: { tool_id: `${server}::${tool}` },
  });
}

/** Starts the server if needed (once, however many calls race) and finds the tool's definition. */
export async function findTool(
  pool: ServerPool,
  server: string,
  tool: string,
  suggest: (toolId: string) => string[],
): Promise<{ connection: ServerConnection; definition: DownstreamTool }> {
  const connection = pool.require(server);
  const tools = await connection.ensureReady();
  const definition = tools.find((candidate) => candidate.name === tool);
  if (definition) return { connection, definition };
  const toolId = `${server}::${tool}`;
  const suggestions = suggest(toolId).filter((id) => id !== toolId);
  throw new GatewayError('TOOL_NOT_FOUND', `Server "${server}" has no tool "${tool}".`, {
    hint: suggestions.length ? `Did you mean ${suggestions.join(' or ')}?` : 'Use gateway_catalog_search to find the right tool_id.',
    details: { tool_id: toolId, ...(suggestions.length ? { suggestions } : {}) },
  });
}
