// Stage 6: deny rules and the arguments' size, before anything starts.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { CallGates, GateSubject } from '../../gates/call-gates.js';
import { defineStage, type ReceivedCall, type Resolved, type Stage, type Traced } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';
import { judge } from '../judge.js';

/** Enforce: the first failure is the error. Monitor: noted, and the call goes on. */
export function requestGates<R = CallToolResult>(
  gates: CallGates,
  policy: CallPolicySource,
): Stage<ReceivedCall & Traced & Resolved, unknown, R> {
  return defineStage<ReceivedCall & Traced & Resolved, unknown, R>('request-gates', (call, next) => {
    const view = policy();
    const outcomes = gates.checkRequest(view.gates, subjectOf(call), call.trace.requestBytes);
    return next(judge(call, outcomes, view));
  });
}

export function subjectOf(call: ReceivedCall & Resolved): GateSubject {
  const { sessionId, clientIdentity } = call.context;
  return {
    session: sessionId,
    ...(clientIdentity === undefined ? {} : { client: clientIdentity }),
    server: call.server,
    tool: call.tool,
    ...(call.kind === undefined ? {} : { kind: call.kind }),
  };
}
