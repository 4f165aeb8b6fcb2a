import { describe, expect, it } from 'vitest';
import { MAX_TOOL_NAME_LENGTH, normalizeTools } from '../../src/downstream/downstream-tool.js';

const OBJECT = { type: 'object' };

describe('normalizeTools', () => {
  it('keeps a valid tool as it is, without notes', () => {
    const raw = {
      name: 'create_issue',
      title: 'Create issue',
      description: 'Create an issue.',
      inputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
      outputSchema: { type: 'object' },
      annotations: { readOnlyHint: false },
    };
    const { tools, notes } = normalizeTools([raw]);
    expect(tools).toEqual([raw]);
    expect(notes).toEqual([]);
  });

  it('adds type object to an input schema that lacks it, keeping its other keywords, and notes the repair', () => {
    const { tools, notes } = normalizeTools([
      { name: 'legacy', inputSchema: { properties: { a: { type: 'string' } } } },
    ]);
    expect(tools[0]?.inputSchema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(notes).toEqual(['repaired inputSchema of "legacy" (added "type": "object")']);
  });

  it('gives a tool without any input schema an empty object schema', () => {
    const { tools, notes } = normalizeTools([{ name: 'ping' }, { name: 'bad', inputSchema: 'nope' }]);
    expect(tools.map((tool) => tool.inputSchema)).toEqual([{ type: 'object' }, { type: 'object' }]);
    expect(notes).toHaveLength(2);
  });

  it('drops entries without a usable name and says which index', () => {
    const { tools, notes } = normalizeTools([
      null,
      'echo',
      { description: 'no name' },
      { name: 42 },
      { name: '' },
      { name: 'ok', inputSchema: OBJECT },
    ]);
    expect(tools.map((tool) => tool.name)).toEqual(['ok']);
    expect(notes).toHaveLength(5);
    for (const index of [0, 1, 2, 3, 4])
      expect(notes.some((note) => note.startsWith(`dropped tools[${index}]`))).toBe(true);
  });

  it('drops names with control characters or over the length limit', () => {
    const { tools, notes } = normalizeTools([
      { name: 'bad\nname', inputSchema: OBJECT },
      { name: 'bell\u0007', inputSchema: OBJECT },
      { name: 'del\u007f', inputSchema: OBJECT },
      { name: 'x'.repeat(MAX_TOOL_NAME_LENGTH + 1), inputSchema: OBJECT },
      { name: 'x'.repeat(MAX_TOOL_NAME_LENGTH), inputSchema: OBJECT },
    ]);
    expect(tools.map((tool) => tool.name)).toEqual(['x'.repeat(MAX_TOOL_NAME_LENGTH)]);
    expect(notes).toHaveLength(4);
    expect(notes[0]).toContain('printable');
  });

  it('keeps the first of two tools with the same name and notes the duplicate', () => {
    const { tools, notes } = normalizeTools([
      { name: 'echo', description: 'first', inputSchema: OBJECT },
      { name: 'echo', description: 'second' },
    ]);
    expect(tools).toEqual([{ name: 'echo', description: 'first', inputSchema: { type: 'object' } }]);
    expect(notes).toEqual(['dropped duplicate tool "echo"']);
  });

  it('ignores fields of the wrong type and takes a missing title from the annotations', () => {
    const { tools } = normalizeTools([
      {
        name: 't',
        title: 5,
        description: ['x'],
        outputSchema: 'y',
        annotations: { title: 'From annotations' },
        inputSchema: { type: 'object' },
      },
    ]);
    expect(tools).toEqual([
      {
        name: 't',
        title: 'From annotations',
        inputSchema: { type: 'object' },
        annotations: { title: 'From annotations' },
      },
    ]);
  });

  it('prefers the tool title over the annotation title', () => {
    const { tools } = normalizeTools([{ name: 't', title: 'Own', annotations: { title: 'Annotated' } }]);
    expect(tools[0]?.title).toBe('Own');
  });
});
