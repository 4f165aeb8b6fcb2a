// The tools a flat exposure of this gateway would list: every allowed tool of every configured server.
import type { CatalogTool } from '../catalog/tool-index.js';
import type { Gateway } from './gateway.js';
import type { FlatTool } from './token-ledger.js';

/**
 * A function for TokenLedger's `flatTools`. Each tool keeps one FlatTool object while the downstream
 * tool object is the same, so the ledger counts it once. Names are `server__tool`, the flat mode's
 * default prefix; tools of servers known only from the manifest are left out (flat mode lists none).
 */
export function flatExposureOf(gateway: Gateway): () => FlatTool[] {
  const shapes = new WeakMap<CatalogTool, FlatTool>();
  return () => {
    const policy = gateway.policy;
    const entries = gateway.index.all({ includeOffline: true, isOnline: () => true, isVisible: (server, tool) => policy.isVisible(server, tool) });
    const tools: FlatTool[] = [];
    for (const { server, tool } of entries) {
      if (!gateway.config.servers.has(server)) continue;
      let shape = shapes.get(tool);
      if (!shape) {
        shape = { name: `${server}__${tool.name}`, ...(tool.description ? { description: tool.description } : {}), inputSchema: tool.inputSchema ?? { type: 'object' } };
        shapes.set(tool, shape);
      }
      tools.push(shape);
    }
    return tools;
  };
}
