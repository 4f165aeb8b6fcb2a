// Where wrap used to differ from gateway.invoke, replayed through the real `toolgate wrap` in front of the fixture server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import {
  auditLines,
  auditText,
  GATES_FIXTURE,
  rpcErrorOf,
  withWrap as withFixture,
  writePolicy,
  type WrapRun,
} from './wrap-client.js';

const TOKEN_SHAPE = /ghp_[A-Za-z0-9]{36}/;

describe('toolgate wrap runs the call path of gateway.invoke', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.remove());

  function withWrap(body: (run: WrapRun) => Promise<void>): Promise<void> {
    return withFixture(sandbox, { command: GATES_FIXTURE }, body);
  }

  it('spends no rate allowance on a tool the server does not list or on arguments its schema refuses', async () => {
    writePolicy(sandbox, 'gates:\n  rate_limit:\n    per_tool: 1\n    per_session: 2\n');
    await withWrap(async (run) => {
      const unknown = await rpcErrorOf(run.call('no_such_tool'));
      const invalid = await rpcErrorOf(run.call('echo', { text: 42 }));
      // Both allowances are whole: one call of echo, then its per_tool limit.
      expect((await run.call('echo', { text: 'counted' })).content).toEqual([{ type: 'text', text: 'counted' }]);
      const limited = await rpcErrorOf(run.call('echo', { text: 'again' }));
      expect(limited.data).toMatchObject({ code: 'GATE_FAILED', gate: 'rate_limit' });
      expect(limited.message).toMatch(/per_tool/);
      expect(unknown.code).toBe(-32602);
      expect(unknown.data).toMatchObject({ code: 'TOOL_NOT_FOUND', tool_id: 'fx::no_such_tool' });
      expect(invalid.code).toBe(-32602);
      expect(invalid.data).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    });
    expect(auditLines(sandbox).map((line) => line.error_code ?? line.outcome)).toEqual([
      'TOOL_NOT_FOUND',
      'INVALID_ARGUMENTS',
      'ok',
      'GATE_FAILED',
    ]);
  });

  it("redacts a server's JSON-RPC error text and data, and keeps its code", async () => {
    await withWrap(async (run) => {
      const error = await rpcErrorOf(run.call('fail', { code: -32050 }));
      expect(JSON.stringify({ message: error.message, data: error.data })).not.toMatch(TOKEN_SHAPE);
      expect(error.code).toBe(-32050);
      // The server's text as it sent it, redacted: a v1 server's "MCP error <code>: " would be taken off, as the
      // gateway does, and the v2 client's ProtocolError adds none.
      expect(error.message).toBe('backend refused token=[REDACTED:github-token]');
      expect(error.data).toEqual({ token: '[REDACTED:github-token]', retry: false });
    });
    expect(auditLines(sandbox).map((line) => line.error_code)).toEqual(['DOWNSTREAM_ERROR']);
    expect(auditText(sandbox)).not.toMatch(TOKEN_SHAPE);
  });

  it("cuts a result to the policy's output caps, after the gates judged it whole", async () => {
    writePolicy(sandbox, 'max_output_bytes: 1000\n');
    await withWrap(async (run) => {
      const result = await run.call('big', { bytes: 20_000 });
      const text = (result.content[0] as { text: string }).text;
      expect(text.length).toBeLessThan(2_000);
      expect(text.startsWith('x'.repeat(500))).toBe(true);
    });
    const [line] = auditLines(sandbox);
    expect(line).toMatchObject({ outcome: 'ok' });
    expect(Number(line?.response_bytes)).toBeGreaterThan(20_000);
  });
});
