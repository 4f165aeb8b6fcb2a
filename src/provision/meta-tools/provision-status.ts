// gateway.provision_status: a provisioning job's state, progress and output tail.
import { z } from 'zod';
import { GatewayError } from '../../errors/index.js';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import type { JobRegistry } from '../provision-jobs.js';

const input = z.object({ job_id: z.string().max(64).optional(), server: z.string().max(64).optional() }).strict();

export function provisionStatusTool(jobs: JobRegistry) {
  return defineMetaTool({
    name: 'provision_status',
    description: "A provision job's state, progress and output tail (by job_id or server).",
    input,
    annotations: { readOnlyHint: true },
    async handle(args) {
      const job =
        args.job_id !== undefined
          ? jobs.get(args.job_id)
          : args.server !== undefined
            ? jobs.latest(args.server)
            : undefined;
      if (!job) {
        throw new GatewayError(
          'INVALID_ARGUMENTS',
          (args.job_id ?? args.server)
            ? `No provisioning job matches ${JSON.stringify(args.job_id ?? args.server)}.`
            : 'Expected job_id or server, received neither.',
          {
            hint: 'Use the job_id that gateway_provision returned, or the server name. Jobs are kept until the gateway restarts.',
          },
        );
      }
      return jsonResult({ ...job.view() });
    },
  });
}
