// Stage 9: the server started (when it is not running) and the tool found on it, or TOOL_NOT_FOUND with suggestions.
import { defineStage, type Found, type ReceivedCall, type Resolved, type Stage } from '../call-chain.js';

export type FindTool = (server: string, tool: string) => Promise<Found>;

export function findTool(find: FindTool): Stage<ReceivedCall & Resolved, Found> {
  return defineStage<ReceivedCall & Resolved, Found>(async (call, next) => {
    const { connection, definition } = await find(call.server, call.tool);
    return next({ ...call, connection, definition });
  });
}
