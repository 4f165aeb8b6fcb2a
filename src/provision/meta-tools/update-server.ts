// gateway.update_server: move a provisioned server to another version and reconnect it.
import { z } from 'zod';
import { defineMetaTool } from '../../gateway/meta-tool.js';
import type { ServerUpdater } from '../server-updater.js';
import { answerWithJob } from './job-answer.js';

const input = z
  .object({
    server: z.string().max(64),
    version: z.string().max(64).optional().describe('Exact or "latest" (default: manifest\'s)'),
  })
  .strict();

/** `waitMs`: TOOLGATE_JOB_WAIT_MS, as for gateway.provision. */
export function updateServerTool(updater: ServerUpdater, waitMs: number) {
  return defineMetaTool({
    name: 'update_server',
    description: "Update a provisioned server's package, then reconnect it.",
    input,
    changesWhatRuns: true,
    async handle(args, context) {
      return answerWithJob(await updater.update(args.server, args.version), context, waitMs);
    },
  });
}
