// Stage 12: tools matching policy `approval:` globs wait for the user's yes; only a valid call within its limits is put to the user.
import { approvalNotAsked, approvalPreview, askApproval } from '../../gates/approval.js';
import { defineStage, type ReceivedCall, type Resolved, type Stage, type Traced } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';
import { judge } from '../judge.js';

/** Through elicitation; a refusal, a timeout or no way to ask is a denial. Monitor mode never asks: it notes the question. */
export function approvals(policy: CallPolicySource): Stage<ReceivedCall & Traced & Resolved> {
  return defineStage<ReceivedCall & Traced & Resolved>('approvals', async (call, next) => {
    const view = policy();
    const needed = view.approvalFor(call.server, call.tool);
    if (!needed.required) return next(call);
    if (view.policy.mode === 'monitor') return next(judge(call, [approvalNotAsked(needed.reason)], view));
    const outcome = await askApproval(call.context.askUser, {
      toolId: call.toolId,
      argumentsPreview: approvalPreview(call.arguments, view.gates),
      reason: needed.reason,
      timeoutMs: view.policy.approvalTimeoutMs,
      signal: call.context.signal,
    });
    return next(judge(call, [outcome], view));
  });
}
