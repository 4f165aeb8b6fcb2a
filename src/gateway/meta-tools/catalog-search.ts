// gateway.catalog_search: find tools by need, best first, with the schema inline when the match is clear.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';
import { isConfident, toCard } from '../search-cards.js';

export const DEFAULT_SEARCH_LIMIT = 8;
export const MAX_SEARCH_LIMIT = 50;
export const MAX_QUERY_CHARS = 500;
/** Said once per answer that has tools of servers not installed (ranked below the configured ones). */
export const NOT_INSTALLED_HINT =
  'Results with installed: false are from servers toolgate can install but that are not installed; prefer the others. gateway_describe one to see what installing it takes (credentials, the gateway_provision call).';

const input = z
  .object({
    query: z.string().max(MAX_QUERY_CHARS).describe('What you need done, in plain words'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_SEARCH_LIMIT)
      .optional()
      .describe(`Max results (default ${DEFAULT_SEARCH_LIMIT})`),
    server: z.string().max(64).optional().describe('Only this server'),
    include_uninstalled: z
      .boolean()
      .optional()
      .describe(
        'Also offer tools of servers known from the manifest but not installed, ranked below your own (default true). Configured servers are always searched, running or not',
      ),
    include_offline: z
      .boolean()
      .optional()
      .describe('Former name of include_uninstalled (same meaning; include_uninstalled wins when both are given)'),
  })
  .strict();

export function catalogSearchTool(gateway: Gateway) {
  return defineMetaTool({
    name: 'catalog_search',
    description:
      'Search all downstream tools by need. Returns tool_ids for gateway_invoke; the top hit includes input_schema when the match is clear.',
    input,
    annotations: { readOnlyHint: true },
    async handle(args) {
      const notSearched = await gateway.indexUnseenServers();
      const limit = args.limit ?? DEFAULT_SEARCH_LIMIT;
      // One hit more than asked for when the limit is 1: confidence needs the runner-up's score.
      const hits = gateway.search({
        query: args.query,
        limit: Math.max(limit, 2),
        includeUninstalled: args.include_uninstalled ?? args.include_offline ?? true,
        ...(args.server === undefined ? {} : { server: args.server }),
      });
      const results = hits.slice(0, limit).map(toCard);
      const [top] = hits;
      if (top && results[0] && args.query.trim() && isConfident(hits)) {
        results[0].input_schema = top.tool.inputSchema ?? { type: 'object' };
      }
      const answer: Record<string, unknown> = { results };
      if (results.some((card) => card.installed === false)) answer.provision_hint = NOT_INSTALLED_HINT;
      if (notSearched.length) {
        answer.not_searched = notSearched;
        answer.hint = 'Some servers could not be started to index their tools; gateway_health shows why.';
      }
      if (!results.length) {
        answer.hint = gateway.index.size
          ? 'No tool matched. Try other words (a verb and an object, e.g. "create issue"), or drop the server filter.'
          : 'The catalog is empty: no downstream server is configured or none has been started yet. See gateway_health.';
      }
      return jsonResult(answer);
    },
  });
}
