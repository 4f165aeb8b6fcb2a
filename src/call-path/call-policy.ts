// The policy as a call's stages read it (the gateway's PolicyView is one): decisions, the redactor, caps and timeouts.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { GateView } from '../gates/call-gates.js';
import { limitOutput } from '../policy/limit-output.js';
import type { Policy } from '../policy/policy-types.js';
import { requiresApproval, type ApprovalDecision } from '../policy/tool-rules.js';
import type { Redactor } from '../redaction/index.js';

export interface CallPolicy {
  readonly policy: Policy;
  /** What the call gates judge by: this policy and its redactor. */
  readonly gates: GateView;
  approvalFor(server: string, tool: string): ApprovalDecision;
  /** The caller's wish, or the policy default, never above the policy maximum. */
  timeoutFor(requestedMs: number | undefined): number;
  /** Known credential values and the redact rules, applied to one text. */
  redact(text: string): string;
  /** Redaction and the output caps. */
  filterOutput(result: CallToolResult): Promise<CallToolResult>;
  /** The output caps only, for a result the secrets gate has redacted already. */
  capOutput(result: CallToolResult): Promise<CallToolResult>;
}

/** Read per call: a refresh swaps the policy between calls. */
export type CallPolicySource = () => CallPolicy;

/** The CallPolicy of one policy and its redactor (the gateway's PolicyView hands its calls to one of these; wrap uses one directly). */
export function createCallPolicy(policy: Policy, redactor: Redactor): CallPolicy {
  const limits = { maxBytes: policy.maxOutputBytes, maxTokens: policy.maxOutputTokens };
  return {
    policy,
    gates: { policy, redactor },
    approvalFor: (server, tool) => requiresApproval(policy, server, tool),
    timeoutFor: (requestedMs) => Math.min(requestedMs ?? policy.timeouts.defaultMs, policy.timeouts.maxMs),
    redact: (text) => redactor(text).text,
    filterOutput: async (result) => (await limitOutput(result, limits, redactor)).result,
    capOutput: async (result) => (await limitOutput(result, limits)).result,
  };
}
