// gateway.invoke: call one downstream tool; its result comes back natively, after policy.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { defineMetaTool } from '../meta-tool.js';

/** Longest timeout a caller may ask for before policy clamps it further. */
export const MAX_REQUESTED_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** gateway.invoke's arguments: a call that matches them reaches the invoke pipeline (and its audit line). */
export const invokeInput = z
  .object({
    tool_id: z.string().max(200).describe('server::tool'),
    arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments"),
    timeout_ms: z.number().int().min(1).max(MAX_REQUESTED_TIMEOUT_MS).optional(),
  })
  .strict();

export function invokeTool(gateway: Gateway) {
  return defineMetaTool({
    name: 'invoke',
    description: 'Call a downstream tool by tool_id with arguments matching its input schema.',
    input: invokeInput,
    annotations: { openWorldHint: true },
    handle(args, context) {
      return gateway.invoke(args.tool_id, args.arguments ?? {}, context, args.timeout_ms);
    },
  });
}
