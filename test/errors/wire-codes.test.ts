// The one table of JSON-RPC codes toolgate sends, and the mapping from GatewayError codes to it.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isRefusal, JSON_RPC_CODES, WIRE_CODE_OF, wireCodeOf } from '../../src/errors/index.js';

const SENT = new Set<number>(Object.values(JSON_RPC_CODES));

describe('wire codes', () => {
  it('maps every GatewayError code to a JSON-RPC code of the table', () => {
    for (const code of ERROR_CODES) expect(SENT, code).toContain(wireCodeOf(code));
    expect(Object.keys(WIRE_CODE_OF).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('gives a denied approval its own code, apart from "resource not found" and every other code', () => {
    expect(wireCodeOf('APPROVAL_DENIED')).toBe(-32010);
    expect(wireCodeOf('RESOURCE_NOT_FOUND')).toBe(-32002);
    const others = ERROR_CODES.filter((code) => code !== 'APPROVAL_DENIED').map(wireCodeOf);
    expect(others).not.toContain(-32010);
  });

  it('keeps the governance codes: a failed gate -32000, a policy block -32001', () => {
    expect(wireCodeOf('GATE_FAILED')).toBe(-32000);
    expect(wireCodeOf('POLICY_DENIED')).toBe(-32001);
  });

  it('uses only JSON-RPC reserved codes, toolgate-owned ones inside the server-error range', () => {
    for (const code of SENT) expect(code >= -32768 && code <= -32000).toBe(true);
    expect(JSON_RPC_CODES.APPROVAL_DENIED).toBeGreaterThanOrEqual(-32099);
  });

  it('counts a failed gate, a policy block and a denied approval as refusals, nothing else', () => {
    expect(ERROR_CODES.filter(isRefusal).sort()).toEqual(['APPROVAL_DENIED', 'GATE_FAILED', 'POLICY_DENIED']);
  });
});
