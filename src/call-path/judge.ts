// Turns gate outcomes into the call's fate: recorded in its trace; in enforce mode the first failure is thrown.
import type { GateOutcome } from '../gates/gate-types.js';
import { verdictOf } from '../gates/gate-error.js';
import type { ReceivedCall, Traced } from './call-chain.js';
import type { CallPolicy } from './call-policy.js';

export function judge<C extends ReceivedCall & Traced>(call: C, outcomes: GateOutcome[], view: CallPolicy): C {
  call.trace.gates.push(...outcomes);
  const { error } = verdictOf(outcomes, view.policy.mode, call.toolId);
  if (error) throw error;
  return call;
}
