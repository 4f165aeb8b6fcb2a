// redactJson: every string of a value, keys included, binary payloads untouched, no recursion limit.
import { describe, expect, it } from 'vitest';
import { redactJson } from '../../src/redaction/index.js';

const SECRET = 'hunter2-credential';
const redact = (text: string) => text.split(SECRET).join('[X]');

describe('redactJson', () => {
  it('redacts strings and object keys at any place: _meta, mimeType, annotations, structuredContent keys', () => {
    const result = {
      content: [
        { type: 'text', text: 'fine', annotations: { note: SECRET } },
        { type: 'image', data: 'AAAA', mimeType: `image/png; k=${SECRET}` },
      ],
      structuredContent: { [SECRET]: [SECRET, 1, null, true] },
      _meta: { token: SECRET },
    };
    expect(redactJson(result, redact)).toEqual({
      content: [
        { type: 'text', text: 'fine', annotations: { note: '[X]' } },
        { type: 'image', data: 'AAAA', mimeType: 'image/png; k=[X]' },
      ],
      structuredContent: { '[X]': ['[X]', 1, null, true] },
      _meta: { token: '[X]' },
    });
  });

  it('keeps base64 payloads byte for byte and keeps the identity of what did not change', () => {
    const image = { type: 'image', data: SECRET, mimeType: 'image/png' };
    const resource = { type: 'resource', resource: { uri: 'file:///a', blob: SECRET } };
    const untouched = { a: ['b', { c: 'd' }] };
    const value = { image, resource, untouched, changed: SECRET };
    const redacted = redactJson(value, redact) as typeof value;
    expect(redacted.image).toBe(image);
    expect(redacted.resource).toBe(resource);
    expect(redacted.untouched).toBe(untouched);
    expect(redacted.changed).toBe('[X]');
    expect(redactJson(untouched, redact)).toBe(untouched);
  });

  it('walks 100,000 levels of nesting without exhausting the stack', () => {
    let value: unknown = SECRET;
    for (let level = 0; level < 100_000; level += 1) value = level % 2 ? { n: value } : [value];
    let redacted = redactJson(value, redact);
    for (let level = 0; level < 100_000; level += 1)
      redacted = Array.isArray(redacted) ? redacted[0] : (redacted as { n: unknown }).n;
    expect(redacted).toBe('[X]');
  });

  it('keeps a __proto__ key from JSON as data', () => {
    const value = JSON.parse(`{"__proto__": {"polluted": "${SECRET}"}}`) as unknown;
    const redacted = redactJson(value, redact) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value).toEqual({ polluted: '[X]' });
  });
});
