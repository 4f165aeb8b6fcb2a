// gateway.request_capability's search: a need in plain words → candidates in tiers, each with the exact next call.
import { KNOWN_CLIS, probeEnvironment } from './environment-probe.js';
import { missingStates, provisionCall, storeStep } from './credentials.js';
import type { Provisioner } from './provisioner.js';

export const DEFAULT_PER_TIER = 3;
/** Search hits looked at before grouping them into tiers. */
const HITS_CONSIDERED = 30;
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'for',
  'in',
  'on',
  'and',
  'or',
  'with',
  'my',
  'i',
  'need',
  'want',
  'some',
  'from',
  'into',
  'that',
  'this',
  'can',
  'be',
  'is',
]);

export type Tier = 'running' | 'configured' | 'manifest' | 'cli';

export interface Candidate {
  tier: Tier;
  /** A tool_id (running, configured), a server name (manifest) or a program (cli). */
  id: string;
  reason: string;
  /** `ok` when nothing is missing; otherwise the names still needed. */
  credentials: 'ok' | string[];
  next_call: string;
}

export async function findCapability(
  provisioner: Provisioner,
  need: string,
  perTier = DEFAULT_PER_TIER,
): Promise<Candidate[]> {
  const { gateway, catalog } = provisioner.options;
  await gateway.indexUninstalled();
  const hits = gateway.search({ query: need, limit: HITS_CONSIDERED, includeUninstalled: true });
  const candidates: Candidate[] = [];
  const take = (tier: Tier, list: Candidate[]) =>
    candidates.push(...list.slice(0, perTier).map((candidate) => ({ ...candidate, tier })));

  const toolCandidate = (hit: (typeof hits)[number]): Candidate => ({
    tier: 'running',
    id: hit.toolId,
    reason: (hit.tool.description ?? hit.tool.name).split(/(?<=[.!?])\s/)[0]!.slice(0, 120),
    credentials: 'ok',
    next_call: `gateway_invoke ${JSON.stringify({ tool_id: hit.toolId, arguments: {} })}`,
  });
  take('running', hits.filter((hit) => hit.installed && hit.online).map(toolCandidate));
  take('configured', hits.filter((hit) => hit.installed && !hit.online).map(toolCandidate));

  const words = wordsOf(need);
  const servers = await catalog.list();
  const fromHits = [...new Set(hits.filter((hit) => !hit.installed).map((hit) => hit.server))];
  const byMetadata = servers
    .filter((entry) => !gateway.pool.get(entry.server.name) && !fromHits.includes(entry.server.name))
    .map((entry) => ({
      name: entry.server.name,
      score: scoreText(
        words,
        [entry.server.name, entry.server.description, entry.server.category, ...entry.server.keywords].join(' '),
      ),
    }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.name);
  const manifest: Candidate[] = [];
  for (const name of [...fromHits, ...byMetadata].slice(0, perTier)) {
    const entry = servers.find((candidate) => candidate.server.name === name);
    if (!entry) continue;
    const missingVariables = missingStates(provisioner.credentials(entry));
    const missing = missingVariables.map((state) => state.name);
    const tool = hits.find((hit) => hit.server === name);
    manifest.push({
      tier: 'manifest',
      id: name,
      reason: tool ? `${entry.server.description} (has ${tool.tool.name})` : entry.server.description,
      credentials: missing.length ? missing : 'ok',
      next_call: missingVariables[0] ? storeStep(name, missingVariables[0]) : provisionCall(name),
    });
  }
  take('manifest', manifest);

  const facts = await probeEnvironment(provisioner.options.env);
  const clis = facts.clis
    .map((cli) => ({ cli, score: scoreText(words, [cli.name, ...(KNOWN_CLIS[cli.name] ?? [])].join(' ')) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map(({ cli }): Candidate => ({
      tier: 'cli',
      id: cli.name,
      reason: `${cli.name}${cli.version ? ` ${cli.version}` : ''} is installed at ${cli.path}`,
      credentials: 'ok',
      next_call: `run in a shell: ${cli.name} --help`,
    }));
  take('cli', clis);
  return candidates;
}

function wordsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
    ),
  ];
}

/** How many of the need's words (or their first five letters, for plurals and verb forms) the text holds. */
function scoreText(words: readonly string[], text: string): number {
  const haystack = text.toLowerCase();
  return words.reduce(
    (score, word) =>
      score + (new RegExp(`\\b${word.slice(0, Math.max(4, Math.min(word.length, 5)))}`).test(haystack) ? 1 : 0),
    0,
  );
}
