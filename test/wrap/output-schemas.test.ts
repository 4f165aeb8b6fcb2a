// OutputSchemas: what is learnt from tools/list answers, and that what it keeps stays bounded.
import { describe, expect, it } from 'vitest';
import { MAX_DECLARED_TOOLS, OutputSchemas } from '../../src/wrap/output-schemas.js';

const schema = { type: 'object' };

describe('OutputSchemas', () => {
  it('learns output schemas from the answer to a tools/list it saw asked, and only from that', () => {
    const schemas = new OutputSchemas();
    schemas.noteResponse({ id: 1, result: { tools: [{ name: 'a', outputSchema: schema }] } });
    expect(schemas.declarationOf('a')).toBeUndefined();
    schemas.noteRequest({ id: 1, method: 'tools/list' });
    schemas.noteResponse({ id: 1, result: { tools: [{ name: 'a', outputSchema: schema }] } });
    expect(schemas.declarationOf('a')).toEqual({ outputSchema: schema });
  });

  it('keeps at most MAX_DECLARED_TOOLS tools, forgetting the least recently listed', () => {
    const schemas = new OutputSchemas();
    let id = 0;
    const list = (names: string[]) => {
      schemas.noteRequest({ id: ++id, method: 'tools/list' });
      schemas.noteResponse({ id, result: { tools: names.map((name) => ({ name, outputSchema: schema })) } });
    };
    list(Array.from({ length: MAX_DECLARED_TOOLS }, (_, index) => `t${index}`));
    expect(schemas.declarationOf(`t${MAX_DECLARED_TOOLS - 1}`)).toBeDefined();
    list(['t0', 'new']);
    expect(schemas.declarationOf('t0')).toBeDefined();
    expect(schemas.declarationOf('new')).toBeDefined();
    expect(schemas.declarationOf('t1')).toBeUndefined();
  });
});
