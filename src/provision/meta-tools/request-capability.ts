// gateway.request_capability: a need in plain words → running tools, configured servers, manifest servers, local CLIs.
import { z } from 'zod';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import { DEFAULT_PER_TIER, findCapability } from '../capability-finder.js';
import type { Provisioner } from '../provisioner.js';

const input = z
  .object({
    need: z
      .string()
      .max(500)
      .refine((need) => need.trim().length > 0, 'expected a need in plain words'),
    limit: z.number().int().min(1).max(10).optional(),
  })
  .strict();

export function requestCapabilityTool(provisioner: Provisioner) {
  return defineMetaTool({
    name: 'request_capability',
    description: 'Find running tools, servers to install or local CLIs for a need, each with its next call.',
    input,
    annotations: { readOnlyHint: true },
    async handle(args) {
      const candidates = await findCapability(provisioner, args.need, args.limit ?? DEFAULT_PER_TIER);
      return jsonResult(
        candidates.length ? { candidates } : { candidates, hint: 'Nothing matched; try gateway_search_registry.' },
      );
    },
  });
}
