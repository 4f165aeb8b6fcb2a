import { describe, expect, it } from 'vitest';
import { planQuery } from '../../src/catalog/query-plan.js';
import { buildSynonymTable } from '../../src/catalog/synonyms.js';
import { ToolIndex, type CatalogTool, type IndexSearchOptions } from '../../src/catalog/tool-index.js';
import { QUERY_STOP_WORDS, stem } from '../../src/catalog/tokenize.js';
import { topK } from '../../src/catalog/top-k.js';
import { TypoCorrector } from '../../src/catalog/typo-corrector.js';

function tool(name: string, description: string): CatalogTool {
  return { name, description, inputSchema: { type: 'object' } };
}

const options: IndexSearchOptions = { limit: 10, includeOffline: true, isOnline: () => true, isVisible: () => true };

function index(): ToolIndex {
  const built = new ToolIndex();
  built.replaceServer(
    'github',
    [
      tool('create_pull_request', 'Create a new pull request in a GitHub repository.'),
      tool('create_issue', 'Create a new issue in a GitHub repository.'),
      tool('delete_branch', 'Delete a branch.'),
      tool('list_commits', 'List commits of a branch.'),
    ],
    {},
  );
  built.replaceServer(
    'browser',
    [tool('take_screenshot', 'Take a screenshot of the current page.'), tool('navigate', 'Go to a URL.')],
    {},
  );
  built.replaceServer('kanban', [tool('move_card', 'Move a card to another list.')], {
    description: 'Boards and cards.',
    category: 'project-management',
    keywords: ['trello', 'sticky notes'],
  });
  return built;
}

const top = (query: string, built = index()) => built.query(query, options)[0]?.toolId;

describe('ToolIndex search quality', () => {
  it('finds a tool by a synonym the tool never uses', () => {
    expect(top('open a ticket')).toBe('github::create_issue');
    expect(top('capture the screen')).toBe('browser::take_screenshot');
    expect(top('remove a branch')).toBe('github::delete_branch');
  });

  it('treats a known phrase as one idea: "PR" finds pull requests', () => {
    expect(top('open a PR')).toBe('github::create_pull_request');
    expect(top('raise a merge request')).toBe('github::create_pull_request');
  });

  it('corrects a typo in a word no tool uses, including swapped letters', () => {
    expect(top('crate an isue')).toBe('github::create_issue');
    expect(top('serach commits')).toBe('github::list_commits');
    expect(top('screnshot')).toBe('browser::take_screenshot');
  });

  it('does not correct a word some tool uses into its neighbour', () => {
    const built = new ToolIndex();
    built.replaceServer('s', [tool('read_file', 'Read a file.'), tool('reed_instrument', 'Tune a reed.')], {});
    expect(built.query('reed', options).map((hit) => hit.toolId)).toEqual(['s::reed_instrument']);
  });

  it('ranks the tool that matches every word of the query above one that matches a single word often', () => {
    const built = new ToolIndex();
    built.replaceServer(
      's',
      [
        tool('branch_tools', 'Branch branch branch: everything about branches and branch names.'),
        tool('delete_branch', 'Delete a branch.'),
      ],
      {},
    );
    expect(built.query('delete branch', options)[0]?.toolId).toBe('s::delete_branch');
  });

  it("finds a server's tools by its manifest category and keywords", () => {
    expect(top('sticky notes')).toBe('kanban::move_card');
    expect(
      index()
        .query('project management', options)
        .map((hit) => hit.server),
    ).toContain('kanban');
  });

  it('answers a query of filler words only with nothing', () => {
    expect(index().query('could you please do something for me', options)).toEqual([]);
  });

  it('keeps answering the same after many tools are removed and the index rebuilds itself', () => {
    const built = index();
    for (let i = 0; i < 30; i++)
      built.replaceServer(
        `bulk-${i}`,
        Array.from({ length: 20 }, (_, j) => tool(`tool_${j}`, `Bulk tool ${j} about issues.`)),
        {},
      );
    for (let i = 0; i < 30; i++) built.removeServer(`bulk-${i}`);
    expect(built.size).toBe(7);
    expect(top('create an issue', built)).toBe('github::create_issue');
    expect(built.query('bulk', options)).toEqual([]);
  });

  it('returns hits best first, with the limit applied after the visibility filter', () => {
    const hidden = (server: string, name: string) => !(server === 'github' && name === 'create_issue');
    expect(
      index()
        .query('github', options)
        .map((hit) => hit.toolId),
    ).toContain('github::create_issue');
    const hits = index().query('github', { ...options, limit: 2, isVisible: hidden });
    expect(hits).toHaveLength(2);
    expect(hits.map((hit) => hit.toolId)).not.toContain('github::create_issue');
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });
});

describe('planQuery', () => {
  const synonyms = buildSynonymTable();
  const plan = (text: string) =>
    planQuery(text, { stem, stopWords: QUERY_STOP_WORDS, synonyms, synonymWeight: 0.5, maxGroups: 32 });

  it('makes one group per content word and one for a known phrase', () => {
    const groups = plan('I want to open a pull request please').groups;
    expect(groups).toHaveLength(2);
    expect(groups[1]?.units[0]).toEqual({ terms: [stem('pull'), stem('request')], weight: 1, own: true });
    expect(groups[1]?.units.some((unit) => unit.terms.join(' ') === 'pr')).toBe(true);
  });

  it('counts a repeated word once and stops at the group limit', () => {
    expect(plan('issue issues issue').groups).toHaveLength(1);
    expect(
      planQuery('a b c d e f', { stem, stopWords: new Set(), synonymWeight: 0, maxGroups: 3 }).groups,
    ).toHaveLength(3);
  });
});

describe('TypoCorrector', () => {
  it('offers known words one edit away, a swap counting as one, and nothing for short words', () => {
    const corrector = new TypoCorrector();
    for (const word of ['search', 'issue', 'screenshot']) corrector.add(word, stem(word));
    expect(corrector.correct('serach').map((unit) => unit.terms[0])).toEqual([stem('search')]);
    expect(corrector.correct('isue').map((unit) => unit.terms[0])).toEqual([stem('issue')]);
    expect(corrector.correct('scrrenshoot').map((unit) => unit.terms[0])).toEqual([stem('screenshot')]);
    expect(corrector.correct('iss')).toEqual([]);
    expect(corrector.correct('zzzzzz')).toEqual([]);
  });
});

describe('topK', () => {
  it('returns the k best indices best first, ties to the lower order', () => {
    const scores = Float64Array.from([1, 5, 3, 5, 0.5, 4]);
    const order = Int32Array.from([0, 9, 2, 3, 4, 5]);
    expect(topK(scores, order, 3)).toEqual([3, 1, 5]);
    expect(topK(scores, order, 10)).toEqual([3, 1, 5, 2, 0, 4]);
    expect(topK(scores, order, 0)).toEqual([]);
  });
});
