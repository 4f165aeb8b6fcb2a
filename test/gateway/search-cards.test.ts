import { describe, expect, it } from 'vitest';
import type { CatalogTool, SearchHit } from '../../src/catalog/tool-index.js';
import {
  CONFIDENT_SCORE_RATIO,
  isConfident,
  MAX_CARD_ARGS,
  MAX_SUMMARY_CHARS,
  summarize,
  toCard,
} from '../../src/gateway/search-cards.js';

function hit(tool: CatalogTool, score = 1, overrides: Partial<SearchHit> = {}): SearchHit {
  return { toolId: `github::${tool.name}`, server: 'github', tool, score, online: true, ...overrides };
}

describe('summarize', () => {
  it('takes the first sentence of the description', () => {
    expect(summarize({ name: 't', description: 'Create an issue. Needs write access to the repository.' })).toBe(
      'Create an issue.',
    );
    expect(summarize({ name: 't', description: 'Is it up? Returns pong.' })).toBe('Is it up?');
    expect(summarize({ name: 't', description: 'Deletes it! Cannot be undone.' })).toBe('Deletes it!');
  });

  it('does not cut at a dot inside a word or number', () => {
    expect(summarize({ name: 't', description: 'Reads config.json for v1.2 servers. Then more.' })).toBe(
      'Reads config.json for v1.2 servers.',
    );
  });

  it('collapses whitespace and newlines', () => {
    expect(summarize({ name: 't', description: '  Lists\n\n  open   pull\trequests.\nMore text.' })).toBe(
      'Lists open pull requests.',
    );
  });

  it('keeps a description without sentence end whole', () => {
    expect(summarize({ name: 't', description: 'List channels' })).toBe('List channels');
  });

  it('cuts text longer than the maximum and marks the cut', () => {
    const summary = summarize({ name: 't', description: `${'word '.repeat(100)}end.` });
    expect(summary).toHaveLength(MAX_SUMMARY_CHARS);
    expect(summary.endsWith('...')).toBe(true);
  });

  it('falls back to the title, then to an empty summary', () => {
    expect(summarize({ name: 't', title: 'Get forecast' })).toBe('Get forecast');
    expect(summarize({ name: 't' })).toBe('');
  });
});

describe('isConfident', () => {
  it('is not confident without hits', () => {
    expect(isConfident([])).toBe(false);
  });

  it('is confident with a single hit', () => {
    expect(isConfident([hit({ name: 'a' }, 0.1)])).toBe(true);
  });

  it('is confident only when the best hit clearly beats the runner-up', () => {
    expect(isConfident([hit({ name: 'a' }, 2 * CONFIDENT_SCORE_RATIO), hit({ name: 'b' }, 2)])).toBe(true);
    expect(isConfident([hit({ name: 'a' }, 2 * CONFIDENT_SCORE_RATIO - 0.01), hit({ name: 'b' }, 2)])).toBe(false);
    expect(isConfident([hit({ name: 'a' }, 5), hit({ name: 'b' }, 5)])).toBe(false);
  });
});

describe('toCard', () => {
  it('carries the id, server, online state and summary of a hit', () => {
    const card = toCard(
      hit({ name: 'create_issue', description: 'Create an issue. Long story.' }, 3, { online: false }),
    );
    expect(card).toEqual({
      tool_id: 'github::create_issue',
      server: 'github',
      summary: 'Create an issue.',
      online: false,
    });
  });

  it('lists parameter names, marking optional ones with ?', () => {
    const card = toCard(
      hit({
        name: 'create_issue',
        inputSchema: {
          type: 'object',
          properties: { owner: {}, repo: {}, title: {}, body: {}, labels: {} },
          required: ['owner', 'repo', 'title'],
        },
      }),
    );
    expect(card.args).toBe('owner, repo, title, body?, labels?');
  });

  it('marks every parameter optional when the schema has no required list', () => {
    expect(toCard(hit({ name: 't', inputSchema: { type: 'object', properties: { a: {}, b: {} } } })).args).toBe(
      'a?, b?',
    );
  });

  it('lists at most MAX_CARD_ARGS parameters and says there are more', () => {
    const properties = Object.fromEntries(Array.from({ length: MAX_CARD_ARGS + 3 }, (_, i) => [`p${i}`, {}]));
    const args = toCard(hit({ name: 't', inputSchema: { type: 'object', properties, required: ['p0'] } })).args ?? '';
    expect(args.split(', ')).toHaveLength(MAX_CARD_ARGS + 1);
    expect(args.startsWith('p0, p1?')).toBe(true);
    expect(args.endsWith(', ...')).toBe(true);
  });

  it('leaves args out when the tool takes no parameters', () => {
    expect(toCard(hit({ name: 't' }))).not.toHaveProperty('args');
    expect(toCard(hit({ name: 't', inputSchema: { type: 'object' } }))).not.toHaveProperty('args');
    expect(toCard(hit({ name: 't', inputSchema: { type: 'object', properties: {} } }))).not.toHaveProperty('args');
  });
});
