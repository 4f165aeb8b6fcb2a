// Stage 3: arguments the wire edge cut for nesting too deep are refused before anything else looks at them (but audited).
import { deepArgumentsError } from '../../gates/deep-arguments.js';
import { defineStage, type ReceivedCall, type Stage } from '../call-chain.js';

export function refuseDeepArguments(): Stage<ReceivedCall> {
  return defineStage<ReceivedCall>('refuse-deep-arguments', (call, next) => {
    const error = deepArgumentsError(call.toolId, call.arguments);
    if (error) throw error;
    return next(call);
  });
}
