import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../../src/storage/json-syntax-error.js';

/** V8's own position, when its message has one. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    return match ? Number(match[1]) : undefined;
  }
  return undefined;
}

describe('locateJsonSyntaxError', () => {
  it.each(['{a}', '{"a":1,}', '{"a":1', '[1,2', '{"a":"x" "b":1}', '{"a":"\\x"}', '[1]]'])(
    'agrees with V8 on the position in %s',
    (text) => {
      expect(locateJsonSyntaxError(text)?.position).toBe(v8Position(text));
    },
  );

  it('locates errors V8 reports without a position, by line and column', () => {
    expect(locateJsonSyntaxError('{\n  "a": tru\n}')).toMatchObject({
      line: 2,
      column: 8,
      position: 9,
      expected: expect.stringContaining('a value'),
    });
  });

  it('says when the text ends early', () => {
    expect(locateJsonSyntaxError('{"a": [')).toMatchObject({ atEnd: true, position: 7 });
  });

  it('finds nothing wrong in valid JSON', () => {
    expect(locateJsonSyntaxError(' {"a": [1, -2.5e3, true, null, "\\u00e9\\n"], "b": {}} ')).toBeUndefined();
  });
});
