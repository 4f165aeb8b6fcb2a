// CallGates on their own: each request and response gate passing and failing, with a real policy and redactor.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { CallGates, jsonBytes, type GateView } from '../../src/gates/call-gates.js';
import { parsePolicyLayer, mergePolicy } from '../../src/policy/load-policy.js';
import { createRedactor } from '../../src/redaction/index.js';

const GITHUB_TOKEN = `${'ghp_'}${'Zx9K'.repeat(9)}`;
const subject = { session: 's1', server: 'srv', tool: 'echo' };

function viewOf(yaml: string, knownSecrets: string[] = []): GateView {
  const policy = mergePolicy(yaml.trim() === '' ? [] : [parsePolicyLayer(yaml, 'test-policy.yaml')]);
  return { policy, redactor: createRedactor(policy.redact, knownSecrets) };
}

function textResult(text: string, extra: Partial<CallToolResult> = {}): CallToolResult {
  return { content: [{ type: 'text', text }], ...extra };
}

function gate(outcomes: { gate: string; passed: boolean; detail?: string }[], name: string) {
  return outcomes.find((outcome) => outcome.gate === name);
}

describe('request gates', () => {
  it('passes the deny and size gates of an allowed call and skips the rate gate when no limit is set', () => {
    const outcomes = new CallGates().checkCall(viewOf(''), subject, 20);
    expect(outcomes).toEqual([
      { gate: 'deny', passed: true },
      { gate: 'message_size', passed: true },
    ]);
  });

  it('fails the deny gate with the rule that matched, and spends no rate allowance on the denied call', () => {
    let now = 0;
    const gates = new CallGates({ now: () => now });
    const view = viewOf('tools:\n  deny: ["srv::ech*"]\ngates:\n  rate_limit:\n    per_tool: 1\n');
    const denied = gates.checkCall(view, subject, 10);
    expect(gate(denied, 'deny')).toMatchObject({ passed: false });
    expect(gate(denied, 'deny')?.detail).toContain('srv::ech*');
    expect(gate(denied, 'rate_limit')).toBeUndefined();
    now += 1;
    const other = gates.checkCall(view, { ...subject, tool: 'other' }, 10);
    expect(gate(other, 'rate_limit')).toEqual({ gate: 'rate_limit', passed: true });
  });

  it('fails the message size gate for arguments over gates.max_message_bytes and passes them at the limit', () => {
    const gates = new CallGates();
    const view = viewOf('gates:\n  max_message_bytes: 100\n');
    expect(gate(gates.checkCall(view, subject, 100), 'message_size')).toEqual({ gate: 'message_size', passed: true });
    const over = gate(gates.checkCall(view, subject, 101), 'message_size');
    expect(over?.passed).toBe(false);
    expect(over?.detail).toContain('101 bytes');
    expect(over?.detail).toContain('gates.max_message_bytes (100)');
  });

  it('limits calls per session, counting each session on its own', () => {
    const now = 1_000_000;
    const gates = new CallGates({ now: () => now });
    const view = viewOf('gates:\n  rate_limit:\n    per_session: 2\n');
    expect(gate(gates.checkCall(view, subject, 1), 'rate_limit')?.passed).toBe(true);
    expect(gate(gates.checkCall(view, { ...subject, tool: 'other' }, 1), 'rate_limit')?.passed).toBe(true);
    const third = gate(gates.checkCall(view, subject, 1), 'rate_limit');
    expect(third?.passed).toBe(false);
    expect(third?.detail).toContain('gates.rate_limit.per_session');
    expect(gate(gates.checkCall(view, { ...subject, session: 's2' }, 1), 'rate_limit')?.passed).toBe(true);
  });

  it('refuses a session out of calls already at the request gates, before any server starts, taking nothing', () => {
    const gates = new CallGates({ now: () => 0 });
    const view = viewOf('gates:\n  rate_limit:\n    per_session: 1\n');
    expect(gate(gates.checkRequest(view, subject, 1), 'rate_limit')).toBeUndefined();
    expect(gates.checkRate(view, subject)?.passed).toBe(true);
    const early = gate(gates.checkRequest(view, { ...subject, tool: 'anything' }, 1), 'rate_limit');
    expect(early).toMatchObject({ passed: false, detail: expect.stringContaining('per_session') as unknown as string });
    // Another session is not affected.
    expect(gate(gates.checkRequest(view, { ...subject, session: 'other' }, 1), 'rate_limit')).toBeUndefined();
  });

  it('limits calls per tool over all sessions and refills the allowance as the injected clock moves', () => {
    let now = 5_000_000;
    const gates = new CallGates({ now: () => now });
    const view = viewOf('gates:\n  rate_limit:\n    per_tool: 2\n');
    expect(gate(gates.checkCall(view, { ...subject, session: 'a' }, 1), 'rate_limit')?.passed).toBe(true);
    expect(gate(gates.checkCall(view, { ...subject, session: 'b' }, 1), 'rate_limit')?.passed).toBe(true);
    const refused = gate(gates.checkCall(view, { ...subject, session: 'c' }, 1), 'rate_limit');
    expect(refused?.passed).toBe(false);
    expect(refused?.detail).toContain('srv::echo');
    expect(refused?.detail).toContain('retry in 30 s');
    // Another tool has its own allowance.
    expect(gate(gates.checkCall(view, { ...subject, tool: 'other' }, 1), 'rate_limit')?.passed).toBe(true);
    now += 29_000;
    expect(gate(gates.checkCall(view, subject, 1), 'rate_limit')?.passed).toBe(false);
    now += 1_000;
    expect(gate(gates.checkCall(view, subject, 1), 'rate_limit')?.passed).toBe(true);
    expect(gate(gates.checkCall(view, subject, 1), 'rate_limit')?.passed).toBe(false);
  });
});

describe('response gates', () => {
  it('fails the message size gate for a result over gates.max_message_bytes', () => {
    const gates = new CallGates();
    const view = viewOf('gates:\n  max_message_bytes: 50\n');
    const result = textResult('x'.repeat(100));
    const checked = gates.checkResponse(view, 'srv::big', result, undefined, jsonBytes(result));
    expect(gate(checked.outcomes, 'message_size')?.passed).toBe(false);
    expect(gate(checked.outcomes, 'message_size')?.detail).toContain('the result take');
  });

  it('passes structuredContent that matches a draft-07 outputSchema and names the field that does not', () => {
    const gates = new CallGates();
    const view = viewOf('');
    const declared = {
      outputSchema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { count: { type: 'number' } },
        required: ['count'],
      },
    };
    const good = textResult('{}', { structuredContent: { count: 3 } });
    expect(gate(gates.checkResponse(view, 'srv::t', good, declared, 10).outcomes, 'output_schema')).toEqual({
      gate: 'output_schema',
      passed: true,
    });
    const bad = textResult('{}', { structuredContent: { count: 'many' } });
    const failed = gate(gates.checkResponse(view, 'srv::t', bad, declared, 10).outcomes, 'output_schema');
    expect(failed?.passed).toBe(false);
    expect(failed?.detail).toContain('count must be number');
  });

  it('checks a 2020-12 outputSchema with 2020-12 keywords such as prefixItems', () => {
    const gates = new CallGates();
    const view = viewOf('');
    const declared = {
      outputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } },
        required: ['pair'],
      },
    };
    const good = textResult('{}', { structuredContent: { pair: ['a', 1] } });
    expect(gate(gates.checkResponse(view, 'srv::p', good, declared, 10).outcomes, 'output_schema')?.passed).toBe(true);
    const bad = textResult('{}', { structuredContent: { pair: [1, 'a'] } });
    const failed = gate(gates.checkResponse(view, 'srv::p', bad, declared, 10).outcomes, 'output_schema');
    expect(failed?.passed).toBe(false);
    expect(failed?.detail).toContain('pair[0]');
  });

  it('fails the output schema gate when a tool that declares an outputSchema answers without structuredContent', () => {
    const gates = new CallGates();
    const declared = { outputSchema: { type: 'object', properties: { count: { type: 'number' } } } };
    const failed = gate(
      gates.checkResponse(viewOf(''), 'srv::t', textResult('3'), declared, 10).outcomes,
      'output_schema',
    );
    expect(failed?.passed).toBe(false);
    expect(failed?.detail).toContain('no structuredContent');
  });

  it('does not check the output schema of an isError result, of a tool without one, or when gates.output_schema is false', () => {
    const gates = new CallGates();
    const declared = {
      outputSchema: { type: 'object', properties: { count: { type: 'number' } }, required: ['count'] },
    };
    const error = textResult('boom', { isError: true });
    expect(
      gate(gates.checkResponse(viewOf(''), 'srv::t', error, declared, 10).outcomes, 'output_schema'),
    ).toBeUndefined();
    expect(
      gate(gates.checkResponse(viewOf(''), 'srv::t', textResult('x'), undefined, 10).outcomes, 'output_schema'),
    ).toBeUndefined();
    const off = viewOf('gates:\n  output_schema: false\n');
    expect(
      gate(
        gates.checkResponse(off, 'srv::t', textResult('x', { structuredContent: { count: 'x' } }), declared, 10)
          .outcomes,
        'output_schema',
      ),
    ).toBeUndefined();
  });

  it('skips, and reports once, an outputSchema that cannot be compiled', () => {
    const reports: string[] = [];
    const gates = new CallGates({ onUncompilable: (tool) => reports.push(tool) });
    const declared = { outputSchema: { type: 'object', properties: { count: { type: 'no-such-type' } } } };
    const result = textResult('x', { structuredContent: { count: 1 } });
    for (let i = 0; i < 2; i++)
      expect(
        gate(gates.checkResponse(viewOf(''), 'srv::weird', result, declared, 10).outcomes, 'output_schema')?.passed,
      ).toBe(true);
    expect(reports).toEqual(['srv::weird']);
  });

  it('redacts a credential in text and structuredContent by default and says how many it found', () => {
    const gates = new CallGates();
    const result = textResult(`token=${GITHUB_TOKEN}`, { structuredContent: { token: GITHUB_TOKEN } });
    const checked = gates.checkResponse(viewOf(''), 'srv::leak', result, undefined, 10);
    expect(gate(checked.outcomes, 'secrets')).toEqual({
      gate: 'secrets',
      passed: true,
      detail: '2 credentials found in the output and redacted',
    });
    expect(JSON.stringify(checked.result)).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(checked.result)).toContain('[REDACTED:github-token]');
    // The input is not changed in place.
    expect(JSON.stringify(result)).toContain(GITHUB_TOKEN);
  });

  it('redacts a known secret value (a configured server env value) even without a recognisable shape', () => {
    const gates = new CallGates();
    const checked = gates.checkResponse(
      viewOf('', ['plain-value-1234']),
      'srv::leak',
      textResult('value: plain-value-1234'),
      undefined,
      10,
    );
    expect(checked.result.content).toEqual([{ type: 'text', text: 'value: [REDACTED:secret]' }]);
  });

  it('fails the secrets gate with gates.secrets block, and still hands back the result redacted', () => {
    const gates = new CallGates();
    const result = textResult(`token=${GITHUB_TOKEN}`);
    const checked = gates.checkResponse(viewOf('gates:\n  secrets: block\n'), 'srv::leak', result, undefined, 10);
    const failed = gate(checked.outcomes, 'secrets');
    expect(failed?.passed).toBe(false);
    expect(failed?.detail).toBe('1 credential found in the output (gates.secrets: block)');
    expect(failed?.detail).not.toContain(GITHUB_TOKEN);
    // Monitor mode forwards this result: it must not carry the credential either.
    expect(JSON.stringify(checked.result)).not.toContain(GITHUB_TOKEN);
  });

  it('judges nothing with gates.secrets off, but still replaces the credential, as the output filter does', () => {
    const gates = new CallGates();
    const result = textResult(`token=${GITHUB_TOKEN}`);
    const checked = gates.checkResponse(viewOf('gates:\n  secrets: "off"\n'), 'srv::leak', result, undefined, 10);
    expect(gate(checked.outcomes, 'secrets')).toBeUndefined();
    expect(JSON.stringify(checked.result)).not.toContain(GITHUB_TOKEN);
  });

  it('passes the secrets gate of a clean result and returns the same object', () => {
    const gates = new CallGates();
    const result = textResult('nothing to see');
    const checked = gates.checkResponse(viewOf(''), 'srv::clean', result, undefined, 10);
    expect(gate(checked.outcomes, 'secrets')).toEqual({ gate: 'secrets', passed: true });
    expect(checked.result).toBe(result);
  });
});

describe('jsonBytes', () => {
  it('counts UTF-8 bytes of the JSON text and 0 for undefined', () => {
    expect(jsonBytes(undefined)).toBe(0);
    expect(jsonBytes({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
  });
});

describe('rate allowance of refused calls', () => {
  const view = () => viewOf('gates:\n  max_message_bytes: 10\n  rate_limit:\n    per_session: 3\n    per_tool: 1\n');

  // A call the per-tool limit refuses is never forwarded, so it must not spend the session's allowance.
  it('does not count a call refused by the per-tool limit against the per-session limit', () => {
    const gates = new CallGates({ now: () => 0 });
    const policyView = view();
    expect(gate(gates.checkCall(policyView, subject, 1), 'rate_limit')?.passed).toBe(true);
    expect(gate(gates.checkCall(policyView, subject, 1), 'rate_limit')?.passed).toBe(false);
    expect(gate(gates.checkCall(policyView, subject, 1), 'rate_limit')?.passed).toBe(false);
    // Only one call went through in this session: another tool is well within per_session 3.
    expect(gate(gates.checkCall(policyView, { ...subject, tool: 'other' }, 1), 'rate_limit')).toEqual({
      gate: 'rate_limit',
      passed: true,
    });
  });

  // The rate gate runs after the size gate, and only for a call that passed it.
  it('does not count a call refused by the message size gate against the rate limits', () => {
    const gates = new CallGates({ now: () => 0 });
    const policyView = view();
    const refused = gates.checkCall(policyView, subject, 100);
    expect(gate(refused, 'message_size')?.passed).toBe(false);
    expect(gate(gates.checkCall(policyView, subject, 1), 'rate_limit')).toEqual({ gate: 'rate_limit', passed: true });
  });
});
