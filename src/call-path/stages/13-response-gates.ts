// Stage 13: the result's size, its structuredContent against the tool's outputSchema, and credentials in it.
import type { CallGates } from '../../gates/call-gates.js';
import { jsonBytes } from '../../gates/call-gates.js';
import { defineStage, type Found, type ReceivedCall, type Stage, type Traced } from '../call-chain.js';
import type { CallPolicySource } from '../call-policy.js';
import { judge } from '../judge.js';

/**
 * On the raw downstream result, before the output caps cut it: the one place its credentials are replaced
 * (a `redact` secrets gate hands on the redacted result).
 */
export function responseGates(
  gates: CallGates,
  policy: CallPolicySource,
): Stage<ReceivedCall & Traced & Pick<Found, 'definition'>> {
  return defineStage<ReceivedCall & Traced & Pick<Found, 'definition'>>('response-gates', async (call, next) => {
    const result = await next(call);
    const view = policy();
    const resultBytes = jsonBytes(result);
    call.trace.resultBytes = resultBytes;
    const checked = gates.checkResponse(view.gates, call.toolId, result, call.definition, resultBytes);
    judge(call, checked.outcomes, view);
    return checked.result;
  });
}
