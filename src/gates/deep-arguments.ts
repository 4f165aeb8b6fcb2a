// A call whose arguments the wire edge cut for nesting past MAX_JSON_DEPTH: refused as invalid, the same way on every path into a tool.
import { GatewayError } from '../errors/index.js';
import { holdsCutJson, MAX_JSON_DEPTH, tooDeepText } from '../wire/json-depth.js';

/**
 * The error for a call whose `request` (its arguments, or all its params in wrap) holds a part the edge cut,
 * or nests past the limit itself; undefined otherwise. Never a gate outcome: monitor mode must not forward it.
 */
export function deepArgumentsError(toolId: string, request: unknown): GatewayError | undefined {
  if (!holdsCutJson(request)) return undefined;
  return new GatewayError('INVALID_ARGUMENTS', `${tooDeepText(`The call to ${toolId}`)}`, {
    hint: 'Call it again with flatter arguments.',
    details: { tool_id: toolId, max_depth: MAX_JSON_DEPTH },
  });
}
