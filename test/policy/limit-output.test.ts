import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { limitOutput, limitOutputSync } from '../../src/policy/limit-output.js';
import { createBuiltinRedactRules, createRedactor } from '../../src/redaction/index.js';
import { loadTokenCounter } from '../../src/policy/token-counter.js';

const BIG = { maxBytes: 1_000_000, maxTokens: 1_000_000 };
const ASK = 'Ask for less, e.g. a narrower query or a page]';
const AWS = ['AK', 'IA', 'IOSFODNN7EXAMPLE'].join('');
const redactor = createRedactor(createBuiltinRedactRules(), ['known-secret-value']);

const text = (value: string) => ({ type: 'text' as const, text: value });
const textsOf = (result: CallToolResult) =>
  result.content.map((block) => (block.type === 'text' ? block.text : block.type));

describe('limitOutput byte cap', () => {
  it('cuts the block that crosses the budget and turns later blocks into a marker, with exact counts', async () => {
    const input: CallToolResult = { content: [text('a'.repeat(60)), text('b'.repeat(60)), text('c'.repeat(10))] };
    const { result, truncated } = await limitOutput(input, { maxBytes: 100, maxTokens: 1_000_000 });
    expect(textsOf(result)).toEqual([
      'a'.repeat(60),
      `${'b'.repeat(40)}\n[toolgate: output truncated, 20 of 60 bytes cut (max_output_bytes=100). ${ASK}`,
      `[toolgate: output truncated, 10 of 10 bytes cut (max_output_bytes=100). ${ASK}`,
    ]);
    expect(truncated).toEqual({ blocks: 2, bytesCut: 30 });
    expect(result._meta).toEqual({ 'toolgate/truncated': { blocks: 2, bytesCut: 30 } });
  });

  it('writes large counts with thousands separators', async () => {
    const { result } = await limitOutput(
      { content: [text('x'.repeat(56_789))] },
      { maxBytes: 44_444, maxTokens: 1_000_000 },
    );
    expect(textsOf(result)[0]).toMatch(
      /\n\[toolgate: output truncated, 12,345 of 56,789 bytes cut \(max_output_bytes=44444\)\. /,
    );
  });

  it('never splits a multi-byte character or a surrogate pair', async () => {
    const euros = await limitOutput({ content: [text('€'.repeat(10))] }, { maxBytes: 10, maxTokens: 1_000_000 });
    expect(textsOf(euros.result)[0]).toMatch(/^€€€\n\[toolgate: output truncated, 21 of 30 bytes cut/);
    const emoji = await limitOutput({ content: [text('😀😀😀')] }, { maxBytes: 7, maxTokens: 1_000_000 });
    expect(textsOf(emoji.result)[0]).toMatch(/^😀\n\[toolgate: output truncated, 8 of 12 bytes cut/);
    expect(emoji.truncated?.bytesCut).toBe(8);
  });

  it('leaves output within the caps as it was, without a truncation report', async () => {
    const input: CallToolResult = { content: [text('hello')], isError: false, _meta: { keep: 1 } };
    const { result, truncated, redactions } = await limitOutput(input, BIG, redactor);
    expect(result).toEqual(input);
    expect(truncated).toBeNull();
    expect(redactions).toBe(0);
  });

  it('counts embedded resource text in the budget and cuts it in place', async () => {
    const input: CallToolResult = {
      content: [
        text('12345'),
        { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'z'.repeat(20) } },
      ],
    };
    const { result, truncated } = await limitOutput(input, { maxBytes: 10, maxTokens: 1_000 });
    const block = result.content[1];
    expect(block?.type === 'resource' && 'text' in block.resource ? block.resource.text : '').toMatch(
      /^zzzzz\n\[toolgate: output truncated, 15 of 20 bytes cut/,
    );
    expect(block?.type === 'resource' ? block.resource.uri : '').toBe('file:///a.txt');
    expect(truncated).toEqual({ blocks: 1, bytesCut: 15 });
  });
});

describe('limitOutput token cap', () => {
  it('cuts by exact o200k tokens when the text may exceed max_output_tokens', async () => {
    const input: CallToolResult = { content: [text('hello world '.repeat(50)), text('more text here')] };
    const { result, truncated } = await limitOutput(input, { maxBytes: 1_000_000, maxTokens: 10 });
    const [first, second] = textsOf(result);
    expect(first).toMatch(
      /^hello world hello world hello world hello world hello world\n\[toolgate: output truncated, \d+ of 600 bytes cut \(max_output_tokens=10\)/,
    );
    expect(second).toMatch(/^\[toolgate: output truncated, 14 of 14 bytes cut \(max_output_tokens=10\)/);
    const counter = await loadTokenCounter();
    expect(truncated?.tokensCut).toBe(counter.count('hello world '.repeat(50)) - 10 + counter.count('more text here'));
    expect(truncated?.blocks).toBe(2);
  });

  it('does not count tokens when the UTF-8 size already fits the token cap', async () => {
    const counter = {
      count: () => Number.NaN,
      cut: () => {
        throw new Error('must not be called');
      },
    };
    const { truncated } = limitOutputSync(
      { content: [text('x'.repeat(100))] },
      { maxBytes: 1000, maxTokens: 100 },
      undefined,
      counter,
    );
    expect(truncated).toBeNull();
  });

  it('falls back to four characters per token in the sync variant', () => {
    const { result, truncated } = limitOutputSync(
      { content: [text('y'.repeat(100))] },
      { maxBytes: 1000, maxTokens: 5 },
    );
    expect(textsOf(result)[0]).toMatch(
      /^y{20}\n\[toolgate: output truncated, 80 of 100 bytes cut \(max_output_tokens=5\)/,
    );
    expect(truncated).toEqual({ blocks: 1, bytesCut: 80, tokensCut: 20 });
  });

  it('names both caps when both cut the same block', async () => {
    const { result } = await limitOutput({ content: [text('word '.repeat(100))] }, { maxBytes: 100, maxTokens: 3 });
    expect(textsOf(result)[0]).toMatch(/\(max_output_bytes=100, max_output_tokens=3\)/);
  });
});

describe('limitOutput binary blocks', () => {
  const png = Buffer.alloc(300, 7).toString('base64');

  it('replaces an image over the byte cap with a note', async () => {
    const input: CallToolResult = { content: [{ type: 'image', data: png, mimeType: 'image/png' }] };
    const { result, truncated } = await limitOutput(input, { maxBytes: 299, maxTokens: 1000 });
    expect(result.content).toEqual([
      text('[toolgate: image (image/png, 300 bytes) withheld: over max_output_bytes=299]'),
    ]);
    expect(truncated).toEqual({ blocks: 1, bytesCut: 300 });
  });

  it('passes an image within the cap through byte-identical', async () => {
    const block = { type: 'image' as const, data: png, mimeType: 'image/png' };
    const { result, truncated } = await limitOutput({ content: [block] }, { maxBytes: 300, maxTokens: 10 }, redactor);
    expect(result.content[0]).toBe(block);
    expect(block.data).toBe(png);
    expect(truncated).toBeNull();
  });

  it('withholds oversized audio and resource blobs the same way', async () => {
    const input: CallToolResult = {
      content: [
        { type: 'audio', data: png, mimeType: 'audio/wav' },
        { type: 'resource', resource: { uri: 'file:///b.bin', mimeType: 'application/octet-stream', blob: png } },
      ],
    };
    const { result } = await limitOutput(input, { maxBytes: 100, maxTokens: 1000 });
    expect(textsOf(result)).toEqual([
      '[toolgate: audio (audio/wav, 300 bytes) withheld: over max_output_bytes=100]',
      '[toolgate: resource file:///b.bin (application/octet-stream, 300 bytes) withheld: over max_output_bytes=100]',
    ]);
  });

  it('passes unknown block types through untouched', async () => {
    const odd = { type: 'hologram', payload: 'x'.repeat(500) } as unknown as CallToolResult['content'][number];
    const { result } = await limitOutput({ content: [odd] }, { maxBytes: 10, maxTokens: 10 }, redactor);
    expect(result.content[0]).toBe(odd);
  });
});

describe('limitOutput redaction', () => {
  it("redacts an embedded resource's URI as well as its text, and leaves a blob resource's data alone", async () => {
    const embedded = {
      type: 'resource' as const,
      resource: { uri: 'https://x.example/r?sig=known-secret-value', text: 'plain' },
    };
    const blob = {
      type: 'resource' as const,
      resource: { uri: 'file:///b', blob: 'AKIAIOSFODNN7EXAMPLE', mimeType: 'application/octet-stream' },
    };
    const { result } = await limitOutput({ content: [embedded, blob] }, BIG, redactor);
    expect(result.content[0]).toEqual({
      type: 'resource',
      resource: { uri: 'https://x.example/r?sig=[REDACTED:secret]', text: 'plain' },
    });
    expect(result.content[1]).toBe(blob);
  });

  it('redacts the text fields of a resource link (a signed URL, a description), leaving a clean link as it is', async () => {
    const link = {
      type: 'resource_link' as const,
      uri: 'https://x.example/f?sig=known-secret-value',
      name: 'report',
      description: `made with ${AWS}`,
    };
    const clean = { type: 'resource_link' as const, uri: 'file:///ok', name: 'ok' };
    const { result, redactions } = await limitOutput({ content: [link, clean] }, BIG, redactor);
    expect(result.content[0]).toEqual({
      ...link,
      uri: 'https://x.example/f?sig=[REDACTED:secret]',
      description: 'made with [REDACTED:aws-access-key-id]',
    });
    expect(result.content[1]).toBe(clean);
    expect(redactions).toBe(2);
  });

  it('redacts text blocks, resource text and strings deep inside structuredContent', async () => {
    const input: CallToolResult = {
      content: [
        text(`key ${AWS}`),
        { type: 'resource', resource: { uri: 'file:///c', text: 'pw=known-secret-value' } },
      ],
      structuredContent: { a: { b: [1, `x ${AWS}`, { c: 'known-secret-value' }], ok: true }, n: null, plain: 'fine' },
    };
    const { result, redactions } = await limitOutput(input, BIG, redactor);
    expect(textsOf(result)[0]).toBe('key [REDACTED:aws-access-key-id]');
    expect(result.content[1]).toEqual({
      type: 'resource',
      resource: { uri: 'file:///c', text: 'pw=[REDACTED:secret]' },
    });
    expect(result.structuredContent).toEqual({
      a: { b: [1, 'x [REDACTED:aws-access-key-id]', { c: '[REDACTED:secret]' }], ok: true },
      n: null,
      plain: 'fine',
    });
    expect(redactions).toBe(4);
  });

  it('never mutates the input result', async () => {
    const input: CallToolResult = {
      content: [
        text(`k ${AWS} ${'q'.repeat(200)}`),
        { type: 'image', data: Buffer.alloc(500).toString('base64'), mimeType: 'image/gif' },
      ],
      structuredContent: { deep: { list: [`${AWS}`] } },
      _meta: { original: true },
    };
    const before = structuredClone(input);
    await limitOutput(input, { maxBytes: 50, maxTokens: 5 }, redactor);
    limitOutputSync(input, { maxBytes: 50, maxTokens: 5 }, redactor);
    expect(input).toEqual(before);
  });

  it('drops structuredContent whose JSON exceeds the byte cap and says so', async () => {
    const input: CallToolResult = { content: [text('summary')], structuredContent: { rows: 'r'.repeat(200) } };
    const { result, truncated } = await limitOutput(input, { maxBytes: 100, maxTokens: 1000 });
    expect(result.structuredContent).toBeUndefined();
    expect('structuredContent' in result).toBe(false);
    expect(textsOf(result)).toEqual([
      'summary',
      '[toolgate: structuredContent (JSON, 211 bytes) withheld: over max_output_bytes=100]',
    ]);
    expect(truncated).toEqual({ blocks: 0, bytesCut: 211, structuredContentDropped: true });
    expect(result._meta?.['toolgate/truncated']).toEqual(truncated);
  });
});
