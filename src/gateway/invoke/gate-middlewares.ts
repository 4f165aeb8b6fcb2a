// The invoke middlewares of governance: the audit record of each call, the request and response gates, approvals.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { GatewayError } from '../../errors/index.js';
import { approvalNotAsked, approvalPreview, askApproval } from '../../gates/approval.js';
import { jsonBytes, type CallGates, type GateSubject } from '../../gates/call-gates.js';
import { auditEntryOf, type CallOutcome } from '../../gates/call-audit.js';
import { isGateRefusal, verdictOf } from '../../gates/gate-error.js';
import type { GateOutcome } from '../../gates/gate-types.js';
import type { PolicyView } from '../policy-view.js';
import { required, type CallTrace, type InvokeCall, type InvokeMiddleware } from './invoke-pipeline.js';

/**
 * One audit line per call, written off the call path: who, which tool, each gate's outcome, the decision,
 * duration, outcome and sizes. Argument values are redacted by the audit log before they are written.
 */
export function auditCalls(audit: () => AuditLog | undefined, policy: () => PolicyView): InvokeMiddleware {
  return (next) => async (call) => {
    const view = policy();
    const log = view.policy.audit ? audit() : undefined;
    if (!log) return next(call);
    // The mode the call started under. (Each gate reads the policy when it runs, so a refresh that lands
    // mid-call applies to the gates still ahead; that window is a few milliseconds but for approvals.)
    const { mode } = view.policy;
    const started = performance.now();
    const requestBytes = jsonBytes(call.arguments);
    const trace: CallTrace = { gates: [], requestBytes };
    const { gates } = trace;
    const finish = (outcome: CallOutcome, responseBytes: number, errorCode?: string) => {
      log.record(
        auditEntryOf({
          session: call.context.sessionId,
          ...(call.context.clientName === undefined ? {} : { client: call.context.clientName }),
          toolId: call.toolId,
          mode,
          gates,
          started,
          outcome,
          ...(errorCode === undefined ? {} : { errorCode }),
          requestBytes,
          responseBytes,
          arguments: call.arguments,
          via: call.context.via ?? 'invoke',
        }),
      );
    };
    try {
      const result = await next({ ...call, trace });
      finish(result.isError === true ? 'tool_error' : 'ok', trace.resultBytes ?? jsonBytes(result));
      return result;
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'INTERNAL';
      finish(isGateRefusal(code) ? 'blocked' : 'error', 0, code);
      throw error;
    }
  };
}

/** Deny rules and the arguments' size. Enforce: the first failure is the error. Monitor: noted, and the call goes on. */
export function requestGates(gates: CallGates, policy: () => PolicyView): InvokeMiddleware {
  return (next) => (call) => {
    const view = policy();
    const subject = subjectOf(call);
    const outcomes = gates.checkRequest(view.gates, subject, call.trace?.requestBytes ?? jsonBytes(call.arguments));
    return next(judge(call.trace?.gates, outcomes, view, call.toolId, call));
  };
}

/** The rate limits, once the tool is known to exist and its arguments are valid: a made-up or refused call spends nothing. */
export function rateLimits(gates: CallGates, policy: () => PolicyView): InvokeMiddleware {
  return (next) => (call) => {
    const view = policy();
    const outcome = gates.checkRate(view.gates, subjectOf(call));
    return next(outcome ? judge(call.trace?.gates, [outcome], view, call.toolId, call) : call);
  };
}

function subjectOf(call: InvokeCall): GateSubject {
  const { sessionId, clientIdentity } = call.context;
  return { session: sessionId, ...(clientIdentity === undefined ? {} : { client: clientIdentity }), server: required(call, 'server'), tool: required(call, 'tool') };
}

/** Tools matching policy `approval:` globs wait for the user's yes through elicitation; anything else is a denial. */
export function approvals(policy: () => PolicyView): InvokeMiddleware {
  return (next) => async (call) => {
    const view = policy();
    const needed = view.approvalFor(required(call, 'server'), required(call, 'tool'));
    if (!needed.required) return next(call);
    if (view.policy.mode === 'monitor') return next(judge(call.trace?.gates, [approvalNotAsked(needed.reason)], view, call.toolId, call));
    const outcome = await askApproval(call.context.askUser, {
      toolId: call.toolId,
      argumentsPreview: approvalPreview(call.arguments, view.gates),
      reason: needed.reason,
      timeoutMs: view.policy.approvalTimeoutMs,
      signal: call.context.signal,
    });
    return next(judge(call.trace?.gates, [outcome], view, call.toolId, call));
  };
}

/**
 * The result's size, its structuredContent against the tool's outputSchema, and credentials in it. Runs
 * on the downstream result before the output caps; a `redact` secrets gate hands on the redacted result.
 */
export function responseGates(gates: CallGates, policy: () => PolicyView): InvokeMiddleware {
  return (next) => async (call) => {
    const result: CallToolResult = await next(call);
    const view = policy();
    const resultBytes = jsonBytes(result);
    if (call.trace) call.trace.resultBytes = resultBytes;
    const checked = gates.checkResponse(view.gates, call.toolId, result, call.definition, resultBytes);
    judge(call.trace?.gates, checked.outcomes, view, call.toolId, call);
    return checked.result;
  };
}

/** Records the outcomes; in enforce mode throws the first failure's error. */
function judge<T>(sink: GateOutcome[] | undefined, outcomes: GateOutcome[], view: PolicyView, toolId: string, value: T): T {
  sink?.push(...outcomes);
  const { error } = verdictOf(outcomes, view.policy.mode, toolId);
  if (error) throw error;
  return value;
}
