import { describe, expect, it } from 'vitest';
import { JsonLineDecoder, encodeMessage } from '../../src/wire/json-lines.js';

function collect(maxLineBytes?: number) {
  const messages: unknown[] = [];
  const garbage: string[] = [];
  const overflows: number[] = [];
  const decoder = new JsonLineDecoder({
    ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
    onMessage: (message) => messages.push(message),
    onGarbage: (line) => garbage.push(line),
    onOverflow: (limit) => overflows.push(limit),
  });
  return { decoder, messages, garbage, overflows };
}

describe('JsonLineDecoder', () => {
  it('reassembles messages split across chunks, including inside a multi-byte character', () => {
    const { decoder, messages } = collect();
    const bytes = Buffer.from(encodeMessage({ jsonrpc: '2.0', id: 1, result: { text: 'héllo ✓' } }));
    const cut = bytes.indexOf(0xe2) + 1;
    decoder.push(bytes.subarray(0, cut));
    expect(messages).toEqual([]);
    decoder.push(bytes.subarray(cut));
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 1, result: { text: 'héllo ✓' } }]);
  });

  it('skips banners, non-JSON-RPC JSON and blank lines, and keeps decoding after them', () => {
    const { decoder, messages, garbage } = collect();
    decoder.push(
      Buffer.from('Starting server v1.2...\n{"not":"jsonrpc"}\n\r\n{"jsonrpc":"2.0","method":"x"}\r\n{broken\n'),
    );
    expect(messages).toEqual([{ jsonrpc: '2.0', method: 'x' }]);
    expect(garbage).toEqual(['Starting server v1.2...', '{"not":"jsonrpc"}', '{broken']);
  });

  it('drops a line that grows past the limit and reports it once per overflow', () => {
    const { decoder, messages, overflows } = collect(64);
    decoder.push(Buffer.alloc(100, 0x61));
    expect(overflows).toEqual([64]);
    decoder.push(Buffer.from('\n{"jsonrpc":"2.0","id":2,"result":{}}\n'));
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
  });
});
