// Stage 10: the arguments against the tool's inputSchema; a mismatch is INVALID_ARGUMENTS naming each field.
import type { DownstreamTool } from '../../downstream/downstream-tool.js';
import { defineStage, type Found, type ReceivedCall, type Stage } from '../call-chain.js';

export interface ArgumentCheck {
  /** Throws INVALID_ARGUMENTS when the arguments do not match the definition's inputSchema. */
  validate(toolId: string, definition: DownstreamTool, args: Record<string, unknown>): void;
}

export function validateArguments(check: ArgumentCheck): Stage<ReceivedCall & Found> {
  return defineStage<ReceivedCall & Found>('validate-arguments', (call, next) => {
    check.validate(call.toolId, call.definition, call.arguments);
    return next(call);
  });
}
