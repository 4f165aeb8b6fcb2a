// gateway.search_registry: search the MCP Registry (TOOLGATE_REGISTRY_URL) for servers toolgate does not know yet.
import { z } from 'zod';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import { localNameOf, runSummaryOf } from '../discovered-server.js';
import { MAX_REGISTRY_LIMIT, searchRegistry } from '../registry-client.js';

export const DEFAULT_REGISTRY_RESULTS = 5;
const MAX_CARD_DESCRIPTION = 140;

const input = z
  .object({
    query: z
      .string()
      .max(200)
      .refine((query) => query.trim().length > 0, 'expected search words'),
    limit: z.number().int().min(1).max(MAX_REGISTRY_LIMIT).optional(),
  })
  .strict();

export function searchRegistryTool(registryUrl: string) {
  return defineMetaTool({
    name: 'search_registry',
    description: 'Search the public MCP Registry for servers to add.',
    input,
    annotations: { readOnlyHint: true, openWorldHint: true },
    async handle(args, context) {
      const limit = args.limit ?? DEFAULT_REGISTRY_RESULTS;
      const servers = await searchRegistry({ baseUrl: registryUrl, query: args.query, limit, signal: context.signal });
      const results = servers.slice(0, limit).map((server) => ({
        name: server.name,
        description: (server.description ?? '').replace(/\s+/g, ' ').slice(0, MAX_CARD_DESCRIPTION),
        runs: runSummaryOf(server),
        next_call: `gateway_register_discovered_server ${JSON.stringify({ name: server.name, as: localNameOf(server.name) })}`,
      }));
      return jsonResult(
        results.length
          ? { registry: registryUrl, results }
          : { registry: registryUrl, results, hint: 'Nothing matched; try fewer or other words.' },
      );
    },
  });
}
