// Stage 5: the tool id split into its server and tool.
import { defineStage, type ReceivedCall, type Resolved, type Stage } from '../call-chain.js';

/** `parse` throws the caller's error for a malformed id. */
export function resolveTarget(parse: (toolId: string) => Resolved): Stage<ReceivedCall, Resolved> {
  return defineStage<ReceivedCall, Resolved>('resolve-target', (call, next) => {
    const { server, tool } = parse(call.toolId);
    return next({ ...call, server, tool });
  });
}
