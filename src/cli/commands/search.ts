// `toolgate search <query>`: the catalog search a model runs, from the terminal.
import type { Command } from 'commander';
import { printJson, printLine } from '../cli-output.js';
import { connectGateway } from '../gateway-client.js';
import { reportError } from '../print-tool-result.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';
import { parseIntegerFlag } from '../integer-flag.js';
import { cliContext } from '../cli-context.js';
import { LearnedTerms } from '../../gateway/learning/learned-terms.js';
import { silentLogger } from '../../log/logger.js';

interface SearchAnswer {
  results: { tool_id: string; summary?: string; online?: boolean; installed?: boolean; learned?: string[] }[];
  not_searched?: unknown[];
}

export function registerSearch(program: Command): void {
  withEngineFlags(
    program
      .command('search <query>')
      .description('search every downstream tool (through the running gateway when there is one)')
      .option('--limit <n>', 'how many results (1-50)', '10')
      .option('--server <name>', 'only this server')
      .option('--explain', 'also show, under each hit, the words toolgate learned for it from earlier searches')
      .option(
        '--online',
        'only tools of configured servers, running or not (by default tools of manifest servers not installed are listed too, below them)',
      ),
  ).action(
    async (
      query: string,
      flags: EngineFlags & { limit: string; server?: string; online?: boolean; explain?: boolean },
    ) => {
      const limit = parseIntegerFlag('--limit', flags.limit, 1, 50);
      const gateway = await connectGateway(engineOptions(flags));
      try {
        const result = await gateway.callMetaTool('catalog_search', {
          query,
          limit,
          ...(flags.server ? { server: flags.server } : {}),
          ...(flags.online ? { include_uninstalled: false } : {}),
        });
        if (reportError(result, Boolean(flags.json))) return;
        const answer = result.structuredContent as unknown as SearchAnswer;
        const learned = flags.explain ? await readLearned() : undefined;
        if (learned) for (const hit of answer.results) hit.learned = learned.words(hit.tool_id);
        if (flags.json) return printJson(answer);
        if (answer.results.length === 0)
          printLine('No tool matches. Try other words, or `toolgate status` to see which servers are indexed.');
        const width = Math.max(...answer.results.map((hit) => hit.tool_id.length), 10);
        const mark = (hit: SearchAnswer['results'][number]) =>
          hit.installed === false ? '(not installed) ' : hit.online === false ? '(not running) ' : '';
        for (const hit of answer.results) {
          printLine(`${hit.tool_id.padEnd(width)}  ${mark(hit)}${hit.summary ?? ''}`);
          if (learned) printLine(`${''.padEnd(width)}  learned: ${hit.learned?.join(' ') || '(nothing)'}`);
        }
      } finally {
        await gateway.close();
      }
    },
  );
}

/** The learned words as the gateway keeps them (TOOLGATE_HOME/cache/learned-search-terms.json). */
async function readLearned(): Promise<LearnedTerms> {
  const learned = new LearnedTerms({ file: cliContext().paths.learnedTermsFile, logger: silentLogger });
  await learned.load();
  return learned;
}
