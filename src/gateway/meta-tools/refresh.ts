// gateway.refresh: reload configs and policy, reconnect, re-index.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';

const input = z
  .object({
    server: z.string().max(64).optional().describe('Restart just this server now'),
    force: z.boolean().optional().describe('Restart every running server'),
  })
  .strict();

export function refreshTool(gateway: Gateway) {
  return defineMetaTool({
    name: 'refresh',
    description: 'Reload server configs and policy and re-index tools; optionally restart a server.',
    input,
    annotations: { idempotentHint: true },
    async handle(args) {
      const report = await gateway.refresh({
        ...(args.server === undefined ? {} : { server: args.server }),
        ...(args.force === undefined ? {} : { force: args.force }),
      });
      return jsonResult({ ...report });
    },
  });
}
