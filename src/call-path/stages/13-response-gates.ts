// Stage 13: the result's size, its structuredContent against the tool's outputSchema, and credentials in it.
import type { CallGates, OutputDeclaration } from '../../gates/call-gates.js';
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
  return defineStage<ReceivedCall & Traced & Pick<Found, 'definition'>>('response-gates', (call, next) =>
    checkAnswer(gates, policy, call, next, call.definition),
  );
}

/** The same gates on a prompt, resource or completion answer (flat exposure): its size and credentials; no output schema. */
export function answerGates<R extends object>(
  gates: CallGates,
  policy: CallPolicySource,
): Stage<ReceivedCall & Traced, unknown, R> {
  return defineStage<ReceivedCall & Traced, unknown, R>('response-gates', (call, next) =>
    checkAnswer(gates, policy, call, next, undefined),
  );
}

async function checkAnswer<C extends ReceivedCall & Traced, R extends object>(
  gates: CallGates,
  policy: CallPolicySource,
  call: C,
  next: (call: C) => Promise<R>,
  declared: OutputDeclaration | undefined,
): Promise<R> {
  const result = await next(call);
  const view = policy();
  const resultBytes = jsonBytes(result);
  call.trace.resultBytes = resultBytes;
  const checked = gates.checkResponse(view.gates, call.toolId, result, declared, resultBytes);
  judge(call, checked.outcomes, view);
  return checked.result;
}
