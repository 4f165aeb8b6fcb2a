import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../../../src/audit/audit-log.js';
import { auditCalls, auditWhenOn } from '../../../src/call-path/stages/02-audit-calls.js';
import { GatewayError } from '../../../src/errors/index.js';
import { contextOf, policyOf, receivedCall, runStage } from '../stage-harness.js';

function memoryAudit(entries: AuditEntry[]): AuditLog {
  return { record: (entry) => void entries.push(entry), flush: async () => {}, close: async () => {} };
}

describe('stage 2: audit calls', () => {
  it('writes one line per call with the gates the later stages recorded in the trace', async () => {
    const entries: AuditEntry[] = [];
    const view = policyOf();
    const stage = auditCalls(
      auditWhenOn(() => memoryAudit(entries)),
      () => view,
    );
    const call = receivedCall({ context: contextOf({ clientName: 'claude', via: 'flat' }) });
    const run = await runStage(stage, call);
    run.passed?.trace.gates.push({ gate: 'deny', passed: true });
    // The line is written when the call ends; the gates pushed above were pushed after, into the same trace object.
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      tool_id: 'srv::echo',
      client: 'claude',
      outcome: 'ok',
      via: 'flat',
      request_bytes: 13,
      decision: 'allowed',
    });
  });

  it('hands a trace on even when the policy does not audit, and writes nothing', async () => {
    const entries: AuditEntry[] = [];
    const view = policyOf('audit: false\n');
    const run = await runStage(
      auditCalls(
        auditWhenOn(() => memoryAudit(entries)),
        () => view,
      ),
      receivedCall(),
    );
    expect(run.passed?.trace).toEqual({ gates: [], requestBytes: 13 });
    expect(entries).toEqual([]);
  });

  it('writes to whatever sink its source picks for the policy, when the policy does not audit too', async () => {
    const entries: AuditEntry[] = [];
    const view = policyOf('audit: false\n');
    const seen: boolean[] = [];
    const stage = auditCalls(
      (policy) => (seen.push(policy.audit), memoryAudit(entries)),
      () => view,
    );
    await runStage(stage, receivedCall());
    expect(seen).toEqual([false]);
    expect(entries).toHaveLength(1);
  });

  it('records a gate refusal as blocked and any other error as error, with its code', async () => {
    const entries: AuditEntry[] = [];
    const view = policyOf();
    const stage = auditCalls(
      auditWhenOn(() => memoryAudit(entries)),
      () => view,
    );
    await expect(runStage(stage, receivedCall(), new GatewayError('POLICY_DENIED', 'denied'))).rejects.toThrow(
      'denied',
    );
    await expect(runStage(stage, receivedCall(), new GatewayError('DOWNSTREAM_ERROR', 'broke'))).rejects.toThrow(
      'broke',
    );
    expect(entries.map((entry) => [entry.outcome, entry.error_code])).toEqual([
      ['blocked', 'POLICY_DENIED'],
      ['error', 'DOWNSTREAM_ERROR'],
    ]);
  });
});
