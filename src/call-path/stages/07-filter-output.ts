// Stage 7: output caps on every result, redaction and caps on thrown errors, redaction of what the server sends up meanwhile.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { redactJson } from '../../redaction/index.js';
import { defineStage, type ReceivedCall, type Stage } from '../call-chain.js';
import type { CallContext } from '../call-context.js';
import type { CallPolicy, CallPolicySource } from '../call-policy.js';
import { filterError } from '../filter-error.js';

/** How the output caps apply to one kind of answer: a tool result as it is; see answer-caps.ts for the others. */
export type CapAnswer<R> = (policy: CallPolicy, result: R) => Promise<R>;

const capToolResult: CapAnswer<CallToolResult> = (policy, result) => policy.capOutput(result);

/** Outside the response gates: they replace every credential in the result first; only the caps are left here. */
export function filterOutput(policy: CallPolicySource): Stage<ReceivedCall>;
export function filterOutput<R>(policy: CallPolicySource, cap: CapAnswer<R>): Stage<ReceivedCall, unknown, R>;
export function filterOutput<R>(
  policy: CallPolicySource,
  cap: CapAnswer<R> = capToolResult as unknown as CapAnswer<R>,
): Stage<ReceivedCall, unknown, R> {
  return defineStage<ReceivedCall, unknown, R>('filter-output', async (call, next) => {
    let result: R;
    try {
      result = await next({ ...call, context: redactingContext(call.context, policy) });
    } catch (error) {
      throw await filterError(policy(), error);
    }
    return cap(policy(), result);
  });
}

/**
 * What else the server sends up during the call gets the same redaction as its result: progress
 * messages, and the text of its sampling and elicitation requests relayed to the client.
 */
function redactingContext(context: CallContext, policy: CallPolicySource): CallContext {
  const redact = <T>(value: T): T => {
    const view = policy();
    return redactJson(value, (text) => view.redact(text)) as T;
  };
  const { sendProgress, relay } = context;
  return {
    ...context,
    ...(sendProgress ? { sendProgress: (progress) => sendProgress(redact(progress)) } : {}),
    ...(relay
      ? { relay: { ...relay, request: (method, params, options) => relay.request(method, redact(params), options) } }
      : {}),
  };
}
