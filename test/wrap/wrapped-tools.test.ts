// WrappedTools: what find-tool learns from the server's tools/list answers, when a name is unknown, and that it stays bounded.
import { describe, expect, it } from 'vitest';
import { MAX_DECLARED_TOOLS, WrappedTools } from '../../src/wrap/wrapped-tools.js';

const schema = { type: 'object' };

function listed(pages: Array<{ names: string[]; next?: string }>): WrappedTools {
  const tools = new WrappedTools();
  pages.forEach((page, index) => {
    tools.noteRequest({ id: index, method: 'tools/list', ...(index === 0 ? {} : { params: { cursor: `c${index}` } }) });
    tools.noteResponse({
      id: index,
      result: {
        tools: page.names.map((name) => ({ name, inputSchema: schema, outputSchema: schema })),
        ...(page.next === undefined ? {} : { nextCursor: page.next }),
      },
    });
  });
  return tools;
}

describe('WrappedTools', () => {
  it('learns definitions only from the answer to a tools/list it saw asked', () => {
    const tools = new WrappedTools();
    tools.noteResponse({ id: 1, result: { tools: [{ name: 'a', inputSchema: schema, outputSchema: schema }] } });
    expect(tools.find('fx', 'a').outputSchema).toBeUndefined();
    tools.noteRequest({ id: 1, method: 'tools/list' });
    tools.noteResponse({ id: 1, result: { tools: [{ name: 'a', inputSchema: schema, outputSchema: schema }] } });
    expect(tools.find('fx', 'a')).toEqual({ name: 'a', inputSchema: schema, outputSchema: schema });
  });

  it('refuses a name the last complete listing (every page) did not have, as TOOL_NOT_FOUND', () => {
    expect(() => listed([{ names: ['a'], next: 'c1' }, { names: ['b'] }]).find('fx', 'c')).toThrow(
      expect.objectContaining({ code: 'TOOL_NOT_FOUND', message: 'Server "fx" has no tool "c".' }),
    );
    expect(listed([{ names: ['a'], next: 'c1' }, { names: ['b'] }]).find('fx', 'b').name).toBe('b');
  });

  it('passes a name it cannot know about with an open input schema: a listing not read to its end, or a changed list', () => {
    expect(listed([{ names: ['a'], next: 'c1' }]).find('fx', 'zz')).toEqual({
      name: 'zz',
      inputSchema: { type: 'object' },
    });
    const changed = listed([{ names: ['a'] }]);
    changed.noteListChanged();
    expect(changed.find('fx', 'zz').name).toBe('zz');
  });

  it('keeps at most MAX_DECLARED_TOOLS tools, forgetting the least recently listed', () => {
    const tools = listed([{ names: Array.from({ length: MAX_DECLARED_TOOLS }, (_, index) => `t${index}`) }]);
    tools.noteRequest({ id: 'again', method: 'tools/list', params: { cursor: 'more' } });
    tools.noteResponse({
      id: 'again',
      result: { tools: [{ name: 'new', inputSchema: schema, outputSchema: schema }] },
    });
    expect(tools.find('fx', 'new').outputSchema).toEqual(schema);
    expect(tools.find('fx', 't0').outputSchema).toBeUndefined();
    expect(tools.find('fx', 't1').outputSchema).toEqual(schema);
  });
});
