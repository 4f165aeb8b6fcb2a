// gateError: a failed gate as toolgate's error, and its JSON-RPC code in the transparent modes.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GatewayError, wireCodeOf } from '../../src/errors/index.js';
import { gateError, isGateRefusal } from '../../src/gates/gate-error.js';
import type { GateName } from '../../src/gates/gate-types.js';
import { decisionOf, firstFailure } from '../../src/gates/gate-types.js';

describe('gateError', () => {
  it('turns a deny into POLICY_DENIED, an approval into APPROVAL_DENIED and every other gate into GATE_FAILED', () => {
    const cases: Array<[GateName, string]> = [
      ['deny', 'POLICY_DENIED'],
      ['approval', 'APPROVAL_DENIED'],
      ['rate_limit', 'GATE_FAILED'],
      ['message_size', 'GATE_FAILED'],
      ['output_schema', 'GATE_FAILED'],
      ['secrets', 'GATE_FAILED'],
    ];
    for (const [gate, code] of cases) {
      const error = gateError({ gate, passed: false, detail: 'because' }, 'srv::tool');
      expect(error).toBeInstanceOf(GatewayError);
      expect(error.code).toBe(code);
      expect(error.details).toEqual({ tool_id: 'srv::tool', gate });
      expect(error.message).toContain('srv::tool');
      expect(error.message).toContain('(because)');
      expect(error.hint).toBeTruthy();
    }
  });

  it('names the gate in the message and leaves the parentheses out without a detail', () => {
    expect(gateError({ gate: 'rate_limit', passed: false }, 'a::b').message).toBe('a::b failed the rate_limit gate.');
    expect(gateError({ gate: 'deny', passed: false }, 'a::b').message).toBe('a::b is not allowed by policy.');
    expect(gateError({ gate: 'approval', passed: false }, 'a::b').message).toBe('a::b was not approved.');
  });

  it('puts the tool id and gate into the wire shape', () => {
    expect(gateError({ gate: 'secrets', passed: false }, 'a::b').toJSON()).toMatchObject({
      code: 'GATE_FAILED',
      tool_id: 'a::b',
      gate: 'secrets',
    });
  });
});

describe('the wire codes of a gate refusal', () => {
  // Approval denied was -32002 until issue 14; -32002 is MCP's "resource not found", so it got its own code.
  it('maps the three governance codes to -32000, -32001, -32010, and only they are refusals', () => {
    expect(wireCodeOf('GATE_FAILED')).toBe(-32000);
    expect(wireCodeOf('POLICY_DENIED')).toBe(-32001);
    expect(wireCodeOf('APPROVAL_DENIED')).toBe(-32010);
    expect(ERROR_CODES.filter(isGateRefusal).sort()).toEqual(['APPROVAL_DENIED', 'GATE_FAILED', 'POLICY_DENIED']);
  });
});

describe('decisionOf and firstFailure', () => {
  it('allows when every gate passed, blocks in enforce and would_block in monitor otherwise', () => {
    const passed = [{ gate: 'deny' as const, passed: true }];
    const failed = [
      ...passed,
      { gate: 'secrets' as const, passed: false },
      { gate: 'rate_limit' as const, passed: false },
    ];
    expect(decisionOf(passed, 'enforce')).toBe('allowed');
    expect(decisionOf(passed, 'monitor')).toBe('allowed');
    expect(decisionOf([], 'enforce')).toBe('allowed');
    expect(decisionOf(failed, 'enforce')).toBe('blocked');
    expect(decisionOf(failed, 'monitor')).toBe('would_block');
    expect(firstFailure(failed)?.gate).toBe('secrets');
    expect(firstFailure(passed)).toBeUndefined();
  });
});
