// gateway.health: gateway and per-server state.
import { z } from 'zod';
import type { Gateway } from '../gateway.js';
import { buildHealthReport, type GatewayFacts } from '../health-report.js';
import { defineMetaTool, jsonResult } from '../meta-tool.js';

const input = z.object({}).strict();

export function healthTool(gateway: Gateway, facts: GatewayFacts) {
  return defineMetaTool({
    name: 'health',
    description: 'Gateway and per-server status: state, tool counts, last errors, token use per session.',
    input,
    annotations: { readOnlyHint: true },
    async handle(_args, context) {
      return jsonResult({ ...buildHealthReport(gateway, facts, { viewer: context.sessionId }) });
    },
  });
}
