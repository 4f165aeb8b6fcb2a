import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { admitMessage } from '../../src/wire/deep-messages.js';
import { CUT_JSON, cutJson, exceedsJsonDepth, holdsCutJson, MAX_JSON_DEPTH } from '../../src/wire/json-depth.js';

const deep = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}1${']'.repeat(levels)}`);

describe('JSON depth', () => {
  it('measures 100,000 levels without recursion, counting containers from 1', () => {
    expect(exceedsJsonDepth(deep(100_000))).toBe(true);
    expect(exceedsJsonDepth(deep(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(deep(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth('text')).toBe(false);
  });

  it('cuts past the limit, keeps key order and own "__proto__" keys, and the cut is recognised', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"a":[[["x"]]],"b":1}') as Record<string, unknown>;
    const cut = cutJson(parsed, 3) as Record<string, unknown>;
    expect(JSON.stringify(cut)).toBe(`{"__proto__":{"polluted":true},"a":[[${JSON.stringify(CUT_JSON)}]],"b":1}`);
    expect(Object.getPrototypeOf(cut)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(holdsCutJson(cut)).toBe(true);
    expect(holdsCutJson(parsed)).toBe(false);
    expect(holdsCutJson(cutJson(deep(100_000)))).toBe(true);
  });

  it('admits a deep message by kind: a call is cut, an answer becomes an error, another request is refused with an answer', () => {
    const nested = deep(5_000);
    const call = admitMessage({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 't', arguments: { nested } },
    } as JSONRPCMessage);
    expect(call.kind === 'pass' && holdsCutJson(call.message)).toBe(true);
    const answer = admitMessage({ jsonrpc: '2.0', id: 2, result: { nested } } as unknown as JSONRPCMessage);
    expect(answer).toMatchObject({ kind: 'pass', message: { id: 2, error: { code: -32600 } } });
    const list = admitMessage({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/list',
      params: { nested },
    } as unknown as JSONRPCMessage);
    expect(list).toMatchObject({ kind: 'refuse', answer: { id: 3, error: { code: -32600 } } });
    expect(
      admitMessage({ jsonrpc: '2.0', method: 'notifications/x', params: { nested } } as unknown as JSONRPCMessage),
    ).toMatchObject({ kind: 'refuse' });
    const shallow = { jsonrpc: '2.0', id: 4, method: 'tools/list' } as JSONRPCMessage;
    expect(admitMessage(shallow)).toEqual({ kind: 'pass', message: shallow });
  });
});
