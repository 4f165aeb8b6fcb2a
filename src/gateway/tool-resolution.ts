// The two checks every tool reference passes, for describe and invoke alike: policy, then existence.
import type { Found } from '../call-path/call-chain.js';
import type { Connected } from '../call-path/stages/15-forward-call.js';
import type { ServerPool } from '../downstream/server-pool.js';
import { GatewayError } from '../errors/index.js';
import { gateError } from '../gates/gate-error.js';
import type { PolicyView } from './policy-view.js';

/** describe's check: a tool search would not show is refused with the deny gate's own error (invoke judges it at the gates). */
export function assertToolAllowed(policy: PolicyView, server: string, tool: string): void {
  if (policy.isVisible(server, tool)) return;
  throw gateError(
    { gate: 'deny', passed: false, detail: policy.decideTool(server, tool).reason },
    `${server}::${tool}`,
  );
}

/** Starts the server if needed (once, however many calls race) and finds the tool's definition. */
export async function findTool(
  pool: ServerPool,
  server: string,
  tool: string,
  suggest: (toolId: string) => string[],
): Promise<Found & Connected> {
  const connection = pool.require(server);
  const tools = await connection.ensureReady();
  const definition = tools.find((candidate) => candidate.name === tool);
  if (definition) return { connection, definition, serverTimeoutMs: connection.entry.timeoutMs };
  const toolId = `${server}::${tool}`;
  const suggestions = suggest(toolId).filter((id) => id !== toolId);
  throw new GatewayError('TOOL_NOT_FOUND', `Server "${server}" has no tool "${tool}".`, {
    hint: suggestions.length
      ? `Did you mean ${suggestions.join(' or ')}?`
      : 'Use gateway_catalog_search to find the right tool_id.',
    details: { tool_id: toolId, ...(suggestions.length ? { suggestions } : {}) },
  });
}
