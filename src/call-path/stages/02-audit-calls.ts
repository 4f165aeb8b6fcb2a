// Stage 2: one audit line per call, written off the call path, and the trace the gates after it fill in.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { AuditEntry } from '../../audit/audit-log.js';
import { GatewayError } from '../../errors/index.js';
import { auditEntryOf, type CallOutcome } from '../../gates/call-audit.js';
import { jsonBytes } from '../../gates/call-gates.js';
import { isGateRefusal } from '../../gates/gate-error.js';
import {
  defineStage,
  isErrorResult,
  type CallTrace,
  type ReceivedCall,
  type Stage,
  type Traced,
} from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';
import type { Policy } from '../../policy/policy-types.js';

/** Where a call's audit entry goes (the audit log, and wrap's --verbose line). */
export interface AuditSink {
  record(entry: AuditEntry): void;
}

/** The sink for a call under this policy; undefined: no entry is made. */
export type AuditSource = (policy: Policy) => AuditSink | undefined;

/** The audit log, when the policy audits (`audit: false` turns it off). */
export function auditWhenOn(log: () => AuditSink | undefined): AuditSource {
  return (policy) => (policy.audit ? log() : undefined);
}

/**
 * Who, which tool, each gate's outcome, the decision, duration, outcome and sizes. Argument values are
 * redacted by the audit log before they are written. The trace is there whether the policy audits or not.
 */
export function auditCalls<R extends object = CallToolResult>(
  audit: AuditSource,
  policy: CallPolicySource,
): Stage<ReceivedCall, Traced, R> {
  return defineStage<ReceivedCall, Traced, R>('audit-calls', async (call, next) => {
    const view = policy();
    const log = audit(view.policy);
    // The mode the call started under. (Each gate reads the policy when it runs, so a refresh that lands
    // mid-call applies to the gates still ahead; that window is a few milliseconds but for approvals.)
    const { mode } = view.policy;
    const started = performance.now();
    const trace: CallTrace = { gates: [], requestBytes: jsonBytes(call.arguments) };
    if (!log) return next({ ...call, trace });
    const finish = (outcome: CallOutcome, responseBytes: number, errorCode?: string) => {
      const { context } = call;
      log.record(
        auditEntryOf({
          session: context.sessionId,
          ...(context.clientName === undefined ? {} : { client: context.clientName }),
          toolId: call.toolId,
          ...(call.kind === undefined ? {} : { kind: call.kind }),
          mode,
          gates: trace.gates,
          started,
          outcome,
          ...(errorCode === undefined ? {} : { errorCode }),
          requestBytes: trace.requestBytes,
          responseBytes,
          arguments: call.arguments,
          via: context.via ?? 'invoke',
        }),
      );
    };
    try {
      const result = await next({ ...call, trace });
      finish(isErrorResult(result) ? 'tool_error' : 'ok', trace.resultBytes ?? jsonBytes(result));
      return result;
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'INTERNAL';
      finish(isGateRefusal(code) ? 'blocked' : 'error', 0, code);
      throw error;
    }
  });
}
