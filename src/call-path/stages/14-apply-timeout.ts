// Stage 14: the call's own timeout_ms, else the server's (its entry's timeout_ms, wrap's --timeout), else the policy default; never above policy max_ms.
import { defineStage, type Found, type ReceivedCall, type Stage, type Timed } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';

export function applyTimeout(policy: CallPolicySource): Stage<ReceivedCall & Found, Timed> {
  return defineStage<ReceivedCall & Found, Timed>('apply-timeout', (call, next) => {
    const view = policy();
    const wish = call.requestedTimeoutMs ?? call.serverTimeoutMs;
    return next({ ...call, timeoutMs: view.timeoutFor(wish), maxTotalMs: view.policy.timeouts.maxMs });
  });
}
