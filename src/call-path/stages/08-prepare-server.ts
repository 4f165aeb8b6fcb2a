// Stage 8: a server known but not installed is provisioned first (when policy allows it unasked), or the call is refused with the next steps.
import type { CallContext } from '../call-context.js';
import { defineStage, type ReceivedCall, type Resolved, type Stage } from '../call-chain.js';

/** Nothing returned: nothing to prepare (wrap's child is already running), and the call goes on in the same tick. */
export type PrepareServer = (server: string, tool: string, context: CallContext) => Promise<void> | undefined;

export function prepareServer(prepare: PrepareServer): Stage<ReceivedCall & Resolved> {
  return defineStage<ReceivedCall & Resolved>('prepare-server', (call, next) => {
    const preparing = prepare(call.server, call.tool, call.context);
    return preparing ? preparing.then(() => next(call)) : next(call);
  });
}
