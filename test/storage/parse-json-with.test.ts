import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonWith } from '../../src/storage/parse-json-with.js';

const schema = z.object({ name: z.string(), count: z.number().int() });

describe('parseJsonWith', () => {
  it('returns the typed value of JSON that matches the schema', () => {
    expect(parseJsonWith(schema, '{"name":"a","count":2}')).toEqual({ name: 'a', count: 2 });
  });

  it('returns undefined for text that is not JSON, and for JSON the schema refuses', () => {
    expect(parseJsonWith(schema, '{"name":')).toBeUndefined();
    expect(parseJsonWith(schema, '')).toBeUndefined();
    expect(parseJsonWith(schema, '{"name":"a","count":2.5}')).toBeUndefined();
    expect(parseJsonWith(schema, '[]')).toBeUndefined();
  });
});
