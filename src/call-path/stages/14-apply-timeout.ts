// Stage 14: the call's own timeout_ms, else the server entry's timeout_ms, else the policy default; never above policy max_ms.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { defineStage, type Found, type ReceivedCall, type Stage, type Timed } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';

/** Needs the server's connection (its entry's timeout_ms): after finding the tool, or routing a passthrough request. */
export function applyTimeout<R = CallToolResult>(
  policy: CallPolicySource,
): Stage<ReceivedCall & Pick<Found, 'connection'>, Timed, R> {
  return defineStage<ReceivedCall & Pick<Found, 'connection'>, Timed, R>((call, next) => {
    const view = policy();
    const wish = call.requestedTimeoutMs ?? call.connection.entry.timeoutMs;
    return next({ ...call, timeoutMs: view.timeoutFor(wish), maxTotalMs: view.policy.timeouts.maxMs });
  });
}
