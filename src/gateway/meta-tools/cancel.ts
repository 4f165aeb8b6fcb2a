// gateway.cancel: stop one of this session's in-flight invocations; the downstream server is notified.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';

const input = z.object({ id: z.string().max(64) }).strict();

export function cancelTool(gateway: Gateway) {
  return defineMetaTool({
    name: 'cancel',
    description: 'Cancel an in-flight invoke (id from gateway_list_pending).',
    input,
    async handle(args, context) {
      return jsonResult({ cancelled: gateway.pending.cancel(context.sessionId, args.id) });
    },
  });
}
