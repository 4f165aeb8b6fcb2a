// Stage 9: the server started (when it is not running) and the tool found on it, or TOOL_NOT_FOUND with suggestions.
import { defineStage, type Found, type ReceivedCall, type Resolved, type Stage } from '../call-chain.js';

/**
 * `F` is what the way in reaches the tool through besides its definition (the gateway's connection, wrap's
 * child). A finder that knows at once (wrap's tool list) returns `F` itself: the call then reaches its last step
 * in the same tick, keeping its place among the client's other messages.
 */
export type FindTool<F extends Found = Found> = (server: string, tool: string) => F | Promise<F>;

export function findTool<F extends Found>(find: FindTool<F>): Stage<ReceivedCall & Resolved, F> {
  return defineStage<ReceivedCall & Resolved, F>('find-tool', (call, next) => {
    const found = find(call.server, call.tool);
    return found instanceof Promise ? found.then((f) => next({ ...call, ...f })) : next({ ...call, ...found });
  });
}
