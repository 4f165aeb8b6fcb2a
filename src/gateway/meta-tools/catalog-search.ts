// gateway.catalog_search: find tools by need, best first, with the schema inline when the match is clear.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { MAX_PHRASINGS } from '../fused-search.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';
import { isConfident, isWeak, toCard } from '../search-cards.js';

export const DEFAULT_SEARCH_LIMIT = 8;
export const MAX_SEARCH_LIMIT = 50;
export const MAX_QUERY_CHARS = 500;
/** Said once per answer that has tools of servers not installed (ranked below the configured ones). */
export const NOT_INSTALLED_HINT =
  'Results with installed: false are from servers toolgate can install but that are not installed; prefer the others. gateway_describe one to see what installing it takes (credentials, the gateway_provision call).';
export const STARTING_HINT =
  'Servers in `starting` are still starting; their tools are searched from the manifest snapshot of their package meanwhile when there is one. Search again shortly for their own lists.';
export const NOT_SEARCHED_HINT = 'Servers in not_searched could not be started; gateway_health shows why.';
export const DIRECTORY_HINT =
  'No clear match: `servers` lists the configured servers. Search again with "server" set to one of them, or other words.';

const phrasing = z.string().max(MAX_QUERY_CHARS, { error: `expected at most ${MAX_QUERY_CHARS} characters` });

/** A list of phrasings, checked here (not in a union branch) so that each problem gets its own message. */
const phrasings = z.array(z.string()).superRefine((list, context) => {
  if (list.length === 0 || list.length > MAX_PHRASINGS)
    context.addIssue({
      code: 'custom',
      message: `expected 1 to ${MAX_PHRASINGS} phrasings of one need, received ${list.length}; put the best ${MAX_PHRASINGS} first`,
    });
  list.forEach((text, index) => {
    if (!text.trim())
      context.addIssue({
        code: 'custom',
        path: [index],
        message: 'expected a phrasing with words, received an empty string; drop it',
      });
    else if (text.length > MAX_QUERY_CHARS)
      context.addIssue({ code: 'custom', path: [index], message: `expected at most ${MAX_QUERY_CHARS} characters` });
  });
});
const input = z
  .object({
    query: z
      .union([phrasing, phrasings])
      .describe(
        'The need in plain words, or a list of up to 5 phrasings of it (add one with the verbs tools use, e.g. ["make a chart", "create bar plot"]). A tool name or server::tool finds that tool',
      ),
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
    async handle(args, context) {
      const coverage = await gateway.prepareSearch();
      const limit = args.limit ?? DEFAULT_SEARCH_LIMIT;
      const phrasings = (typeof args.query === 'string' ? [args.query] : args.query).filter((text) => text.trim());
      // One hit more than asked for when the limit is 1: confidence needs the runner-up's score.
      const hits = gateway.search({
        query: phrasings,
        limit: Math.max(limit, 2),
        includeUninstalled: args.include_uninstalled ?? args.include_offline ?? true,
        ...(args.server === undefined ? {} : { server: args.server }),
      });
      const results = hits.slice(0, limit).map(toCard);
      const [top] = hits;
      if (top && results[0] && phrasings.length && isConfident(hits)) {
        results[0].input_schema = top.tool.inputSchema ?? { type: 'object' };
      }
      if (phrasings.length)
        gateway.noteSearch(
          context.sessionId,
          phrasings,
          results.map((card) => card.tool_id),
        );
      const answer: Record<string, unknown> = { results };
      const hints: string[] = [];
      if (results.some((card) => card.installed === false)) answer.provision_hint = NOT_INSTALLED_HINT;
      if (coverage.starting.length) {
        answer.starting = coverage.starting;
        hints.push(STARTING_HINT);
      }
      if (coverage.failed.length) {
        answer.not_searched = coverage.failed;
        hints.push(NOT_SEARCHED_HINT);
      }
      if (phrasings.length && args.server === undefined && isWeak(hits)) {
        const servers = gateway.serverDirectory();
        if (servers.length) {
          answer.servers = servers;
          hints.push(DIRECTORY_HINT);
        }
      }
      if (!results.length) {
        hints.push(
          gateway.index.size
            ? 'No tool matched. Try other words (a verb and an object, e.g. "create issue"), or drop the server filter.'
            : 'The catalog is empty: no downstream server is configured or none has been started yet. See gateway_health.',
        );
      }
      if (hints.length) answer.hint = hints.join(' ');
      return jsonResult(answer);
    },
  });
}
