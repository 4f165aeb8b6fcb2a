// What a gate reports about one call, and how a set of reports becomes a decision.
import type { PolicyMode } from '../policy/policy-types.js';

/** What a call asks for: a tool call, or (flat exposure) a prompt, a resource or a completion. */
export type CallKind = 'tool' | 'prompt' | 'resource' | 'completion';

export type GateName = 'deny' | 'rate_limit' | 'approval' | 'message_size' | 'output_schema' | 'secrets';

export interface GateOutcome {
  gate: GateName;
  passed: boolean;
  /** Why it failed, or what it did (e.g. "2 secrets redacted"); never holds a secret or an argument value. */
  detail?: string;
}

/** allowed: forwarded; blocked: replaced by an error; would_block: a failing call let through by monitor mode. */
export type GateDecision = 'allowed' | 'blocked' | 'would_block';

export function decisionOf(outcomes: readonly GateOutcome[], mode: PolicyMode): GateDecision {
  if (outcomes.every((outcome) => outcome.passed)) return 'allowed';
  return mode === 'monitor' ? 'would_block' : 'blocked';
}

export function firstFailure(outcomes: readonly GateOutcome[]): GateOutcome | undefined {
  return outcomes.find((outcome) => !outcome.passed);
}
