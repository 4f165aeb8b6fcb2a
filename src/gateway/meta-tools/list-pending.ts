// gateway.list_pending: this session's invocations still in flight.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';

const input = z.object({}).strict();

export function listPendingTool(gateway: Gateway) {
  return defineMetaTool({
    name: 'list_pending',
    description: 'Your in-flight invokes with elapsed time.',
    input,
    annotations: { readOnlyHint: true },
    async handle(_args, context) {
      return jsonResult({ pending: gateway.pending.list(context.sessionId) });
    },
  });
}
