// gateway.describe: the full schema of one or several tools, starting their servers if needed.
import { z } from 'zod';
import { toGatewayError } from '../../errors/index.js';
import type { Gateway } from '../gateway.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';

export const MAX_DESCRIBE_IDS = 10;

const input = z
  .object({
    tool_id: z
      .union([z.string().max(200), z.array(z.string().max(200)).min(1).max(MAX_DESCRIBE_IDS)])
      .describe('A tool_id, or a list of them'),
  })
  .strict();

export function describeTool(gateway: Gateway) {
  return defineMetaTool({
    name: 'describe',
    description: 'Full input schema of one or more tools (tool_id from gateway_catalog_search).',
    input,
    annotations: { readOnlyHint: true },
    async handle(args) {
      if (typeof args.tool_id === 'string') return jsonResult({ tools: [await gateway.describe(args.tool_id)] });
      const ids = [...new Set(args.tool_id)];
      const settled = await Promise.allSettled(ids.map((id) => gateway.describe(id)));
      const tools = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const errors = settled.flatMap((outcome, i) =>
        outcome.status === 'rejected' ? [{ tool_id: ids[i], ...toGatewayError(outcome.reason).toJSON() }] : [],
      );
      if (!tools.length && errors[0]) throw toGatewayError((settled[0] as PromiseRejectedResult).reason);
      return jsonResult(errors.length ? { tools, errors } : { tools });
    },
  });
}
