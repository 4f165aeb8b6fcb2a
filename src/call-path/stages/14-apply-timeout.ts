// Stage 14: the call's own timeout_ms, else the server's (its entry's timeout_ms, wrap's --timeout), else the policy default; never above policy max_ms.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { defineStage, type ReceivedCall, type ServerKnown, type Stage, type Timed } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';

/** Needs the server's own timeout wish: after finding the tool, or routing a passthrough request. */
export function applyTimeout<R = CallToolResult>(
  policy: CallPolicySource,
): Stage<ReceivedCall & ServerKnown, Timed, R> {
  return defineStage<ReceivedCall & ServerKnown, Timed, R>('apply-timeout', (call, next) => {
    const view = policy();
    const wish = call.requestedTimeoutMs ?? call.serverTimeoutMs;
    return next({ ...call, timeoutMs: view.timeoutFor(wish), maxTotalMs: view.policy.timeouts.maxMs });
  });
}
