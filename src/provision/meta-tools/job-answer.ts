// How provision and update_server answer: wait a bounded time with progress, then the job's outcome or its id.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { GatewayError } from '../../errors/index.js';
import { jsonResult, type CallContext } from '../../gateway/meta-tool.js';
import { DEFAULT_JOB_WAIT_MS } from '../../settings/setting-defaults.js';
import type { ProvisionJob } from '../provision-jobs.js';

/** Output lines included when a job failed; the whole tail is in provision_status. */
const FAILED_TAIL_LINES = 8;

export async function answerWithJob(
  job: ProvisionJob,
  context: CallContext,
  waitMs = DEFAULT_JOB_WAIT_MS,
): Promise<CallToolResult> {
  const stop = context.sendProgress ? job.onProgress(context.sendProgress) : undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      job.finished,
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
      // A cancelled call stops waiting; the job itself goes on and stays visible in provision_status.
      new Promise((resolve) => {
        onAbort = () => resolve(undefined);
        context.signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) context.signal.removeEventListener('abort', onAbort);
    stop?.();
  }
  const view = job.view();
  if (job.failure) {
    throw new GatewayError(job.failure.code, job.failure.message, {
      ...(job.failure.hint === undefined ? {} : { hint: job.failure.hint }),
      details: { ...job.failure.details, job_id: job.id, output_tail: view.output_tail.slice(-FAILED_TAIL_LINES) },
    });
  }
  if (view.state === 'succeeded')
    return jsonResult({ job_id: view.job_id, state: view.state, elapsed_ms: view.elapsed_ms, ...view.result });
  return jsonResult({
    job_id: view.job_id,
    state: view.state,
    step: view.step,
    progress: view.progress,
    hint: `Still running; call gateway_provision_status {"job_id":"${view.job_id}"} in a little while.`,
  });
}
