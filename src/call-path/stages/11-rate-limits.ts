// Stage 11: the rate limits, once the tool is known to exist and its arguments are valid: a made-up or refused call spends nothing.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { CallGates } from '../../gates/call-gates.js';
import { defineStage, type ReceivedCall, type Resolved, type Stage, type Traced } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';
import { judge } from '../judge.js';
import { subjectOf } from './06-request-gates.js';

export function rateLimits<R = CallToolResult>(
  gates: CallGates,
  policy: CallPolicySource,
): Stage<ReceivedCall & Traced & Resolved, unknown, R> {
  return defineStage<ReceivedCall & Traced & Resolved, unknown, R>('rate-limits', (call, next) => {
    const view = policy();
    const outcome = gates.checkRate(view.gates, subjectOf(call));
    return next(outcome ? judge(call, [outcome], view) : call);
  });
}
