// gateway.provision: install and start a manifest or registered server, as a job.
import { z } from 'zod';
import { defineMetaTool } from '../../gateway/meta-tool.js';
import type { Provisioner } from '../provisioner.js';
import { answerWithJob } from './job-answer.js';

const input = z.object({ server: z.string().max(64).describe('Server name') }).strict();

/** `waitMs`: TOOLGATE_JOB_WAIT_MS, how long a call waits for its job before it answers with the job id. */
export function provisionTool(provisioner: Provisioner, waitMs: number) {
  return defineMetaTool({
    name: 'provision',
    description: `Install and start a manifest server. Waits up to ${Math.round(waitMs / 1000)} s, else returns a job_id.`,
    input,
    changesWhatRuns: true,
    annotations: { idempotentHint: true },
    async handle(args, context) {
      return answerWithJob(await provisioner.provision(args.server), context, waitMs);
    },
  });
}
