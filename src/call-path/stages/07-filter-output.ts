// Stage 7: output caps on every result, redaction and caps on thrown errors, redaction of what the server sends up meanwhile.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { redactJson } from '../../redaction/index.js';
import { defineStage, type ReceivedCall, type Stage } from '../call-chain.js';
import type { CallContext } from '../call-context.js';
import type { CallPolicySource } from '../call-policy.js';
import { filterError } from '../filter-error.js';

/** Outside the response gates: they replace every credential in the result first; only the caps are left here. */
export function filterOutput(policy: CallPolicySource): Stage<ReceivedCall> {
  return defineStage<ReceivedCall>('filter-output', async (call, next) => {
    let result: CallToolResult;
    try {
      result = await next({ ...call, context: redactingContext(call.context, policy) });
    } catch (error) {
      throw await filterError(policy(), error);
    }
    return policy().capOutput(result);
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
