// Stage 5: the tool id split into its server and tool (or a prompt name, resource URI or completion target routed to its server).
import type { CallToolResult } from '@modelcontextprotocol/server';
import { defineStage, type ReceivedCall, type Resolved, type Stage } from '../call-chain.js';

/**
 * `parse` throws the caller's error for a malformed id or an unknown target. It may establish more than the
 * server and the name (flat passthrough finds the server's connection while routing). A parse that answers at
 * once (a tool id split) hands on in the same tick, so that wrap's call keeps its place among the client's
 * other messages.
 */
export function resolveTarget<N extends ReceivedCall = ReceivedCall, A extends Resolved = Resolved, R = CallToolResult>(
  parse: (toolId: string, call: N) => A | Promise<A>,
): Stage<N, A, R> {
  return defineStage<N, A, R>('resolve-target', (call, next) => {
    const target = parse(call.toolId, call);
    return target instanceof Promise ? target.then((t) => next({ ...call, ...t })) : next({ ...call, ...target });
  });
}
