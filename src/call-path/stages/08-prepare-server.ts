// Stage 8: a server known but not installed is provisioned first (when policy allows it unasked), or the call is refused with the next steps.
import type { CallContext } from '../call-context.js';
import { defineStage, type ReceivedCall, type Resolved, type Stage } from '../call-chain.js';

export type PrepareServer = (server: string, tool: string, context: CallContext) => Promise<void>;

export function prepareServer(prepare: PrepareServer): Stage<ReceivedCall & Resolved> {
  return defineStage<ReceivedCall & Resolved>(async (call, next) => {
    await prepare(call.server, call.tool, call.context);
    return next(call);
  });
}
