// A failing gate as toolgate's error (its JSON-RPC code is in errors/wire-codes.ts).
import { GatewayError, type ErrorCode } from '../errors/index.js';
import type { PolicyMode } from '../policy/policy-types.js';
import { firstFailure, type GateName, type GateOutcome } from './gate-types.js';

const HINTS: Record<GateName, string> = {
  deny: 'Pick another tool, or ask the user to change the policy file (tools/servers allow and deny).',
  approval: 'The user did not approve this call. Ask them before trying again, or pick another tool.',
  rate_limit: 'Wait and call again, or ask the user to raise gates.rate_limit in the policy file.',
  message_size: 'Ask for less (a smaller page, a narrower query), or ask the user to raise gates.max_message_bytes.',
  output_schema:
    "The server answered in a shape other than the tool's outputSchema; report it to the server's authors, or ask the user to set gates.output_schema: false.",
  secrets:
    'The output held a credential and policy blocks such output (gates.secrets: block). Ask for output without it.',
};

export function gateError(outcome: GateOutcome, toolId: string): GatewayError {
  const code: ErrorCode =
    outcome.gate === 'deny' ? 'POLICY_DENIED' : outcome.gate === 'approval' ? 'APPROVAL_DENIED' : 'GATE_FAILED';
  const what =
    outcome.gate === 'deny'
      ? 'is not allowed by policy'
      : outcome.gate === 'approval'
        ? 'was not approved'
        : `failed the ${outcome.gate} gate`;
  return new GatewayError(code, `${toolId} ${what}${outcome.detail ? ` (${outcome.detail})` : ''}.`, {
    hint: HINTS[outcome.gate],
    details: { tool_id: toolId, gate: outcome.gate },
  });
}

/** Whether an error code is a gate's refusal (a failed gate, a policy block, a denied approval): one rule, in errors/wire-codes.ts. */
export { isRefusal as isGateRefusal } from '../errors/index.js';

export interface GateVerdict {
  outcomes: GateOutcome[];
  /** The first failure as toolgate's error, in enforce mode; monitor mode lets the call through. */
  error?: GatewayError;
}

/** What a set of gate outcomes means for the call: the same rule for the gateway and `toolgate wrap`. */
export function verdictOf(outcomes: GateOutcome[], mode: PolicyMode, toolId: string): GateVerdict {
  const failed = firstFailure(outcomes);
  if (!failed || mode === 'monitor') return { outcomes };
  return { outcomes, error: gateError(failed, toolId) };
}
