// Runs one call-path stage on its own, in-process: a real policy view and gates, a last step that records what it got.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { CallTrace, ReceivedCall, Resolved, Stage, Traced } from '../../src/call-path/call-chain.js';
import type { CallContext } from '../../src/call-path/call-context.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';

export const OK: CallToolResult = { content: [{ type: 'text', text: 'ok' }] };

export function policyOf(yaml = '', knownSecrets: string[] = []): PolicyView {
  return new PolicyView(
    mergePolicy(yaml.trim() === '' ? [] : [parsePolicyLayer(yaml, '/home/u/.toolgate/policy.yaml')]),
    knownSecrets,
  );
}

export function contextOf(extra: Partial<CallContext> = {}): CallContext {
  return { signal: new AbortController().signal, sessionId: 's1', ...extra };
}

export function receivedCall(extra: Partial<ReceivedCall> = {}): ReceivedCall {
  return { toolId: 'srv::echo', arguments: { text: 'hi' }, context: contextOf(), ...extra };
}

/** A call as it is after the audit and resolve stages: what most gates need. */
export function gatedCall(extra: Partial<ReceivedCall> = {}): ReceivedCall & Traced & Resolved {
  const trace: CallTrace = { gates: [], requestBytes: 13 };
  return { ...receivedCall(extra), trace, server: 'srv', tool: 'echo' };
}

export interface StageRun<C, R = CallToolResult> {
  result: R;
  /** What the stage handed on; undefined when it never called the rest of the chain. */
  passed: C | undefined;
}

/** Runs `stage` with a last step that returns `answer` (or throws it, when it is an Error). */
export async function runStage<N, A, C extends N, R = CallToolResult>(
  stage: Stage<N, A, R>,
  call: C,
  answer: R | Error = OK as R,
): Promise<StageRun<C & A, R>> {
  let passed: (C & A) | undefined;
  const result = await stage.run(call, async (next) => {
    passed = next;
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { result, passed };
}
