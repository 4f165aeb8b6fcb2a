// Follows a provisioning job (gateway.provision, gateway.update_server) to its end: progress on stderr, then its outcome.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallToolResult, Progress } from '@modelcontextprotocol/server';
import { GatewayError, countOf } from '../../errors/index.js';
import { errorResult } from '../../upstream/tool-result.js';
import { oneLine, printError } from '../cli-output.js';
import type { GatewayClient } from '../gateway-client.js';
import { reportError } from '../print-tool-result.js';
import type { JobView } from '../../provision/provision-jobs.js';

/** How often a job still running after the meta-tool's own wait (25 s) is polled with provision_status. */
export const DEFAULT_JOB_POLL_INTERVAL_MS = 1_000;
/** A job still running after this is given up on; npm installs stop after 5 minutes and a start after 60 s. */
export const DEFAULT_JOB_DEADLINE_MS = 10 * 60_000;
/** Output lines kept with a failure, as the meta-tool keeps them. */
const FAILED_TAIL_LINES = 8;

export type JobTool = 'provision' | 'update_server';

/** `answer`: the meta-tool's success answer `{ job_id, state, elapsed_ms, ...result }`; `failure`: an `isError` result. */
export type JobOutcome = { ok: true; answer: Record<string, unknown> } | { ok: false; failure: CallToolResult };

export interface FollowJobOptions {
  /** Where progress lines go. Default: stderr, so stdout keeps only the answer. */
  onLine?: (line: string) => void;
  /** Default DEFAULT_JOB_DEADLINE_MS. */
  deadlineMs?: number;
  /** Default DEFAULT_JOB_POLL_INTERVAL_MS. */
  pollIntervalMs?: number;
}

/** Calls the job's meta-tool (which waits up to 25 s itself), then polls provision_status until the job ends or the deadline passes. */
export async function followJob(
  gateway: GatewayClient,
  tool: JobTool,
  args: Record<string, unknown>,
  options: FollowJobOptions = {},
): Promise<JobOutcome> {
  const say = options.onLine ?? printError;
  let last = '';
  // `done` counts finished steps, so the step now running is done + 1; the final message has no step number.
  const note = (message: string, done: number, total: number) => {
    if (message === last) return;
    last = message;
    say(`toolgate: ${message}${done < total ? ` (step ${done + 1} of ${total})` : ''}`);
  };
  const onProgress = (progress: Progress) =>
    note(progress.message ?? 'working', progress.progress, progress.total ?? progress.progress);
  const first = await gateway.callMetaTool(tool, args, undefined, onProgress);
  if (first.isError) return { ok: false, failure: first };
  const answer = (first.structuredContent ?? {}) as Record<string, unknown>;
  if (answer.state !== 'running') return { ok: true, answer };
  const jobId = String(answer.job_id);
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_JOB_DEADLINE_MS);
  while (Date.now() < deadline) {
    await sleep(options.pollIntervalMs ?? DEFAULT_JOB_POLL_INTERVAL_MS);
    const status = await gateway.callMetaTool('provision_status', { job_id: jobId });
    if (status.isError) return { ok: false, failure: status };
    const view = status.structuredContent as unknown as JobView;
    note(`${view.server}: ${view.step}`, view.progress.done, view.progress.total);
    if (view.state === 'succeeded')
      return {
        ok: true,
        answer: { job_id: view.job_id, state: view.state, elapsed_ms: view.elapsed_ms, ...view.result },
      };
    if (view.state === 'failed') {
      const error = { ...view.error, job_id: view.job_id, output_tail: view.output_tail.slice(-FAILED_TAIL_LINES) };
      return {
        ok: false,
        failure: {
          content: [{ type: 'text', text: JSON.stringify({ error }) }],
          structuredContent: { error },
          isError: true,
        },
      };
    }
  }
  const minutes = Math.round((options.deadlineMs ?? DEFAULT_JOB_DEADLINE_MS) / 60_000);
  const goesOn = gateway.via === 'running';
  return {
    ok: false,
    failure: errorResult(
      new GatewayError(
        'PROVISION_FAILED',
        `Job ${jobId} was still running after ${countOf(minutes, 'minute')}${goesOn ? '; it goes on in the gateway' : ' and stops with this command'}.`,
        {
          hint: goesOn
            ? `Check it with: toolgate call gateway.provision_status --args '{"job_id":"${jobId}"}'`
            : 'Run the command again; see `toolgate logs` for what the install was doing.',
          details: { job_id: jobId },
        },
      ),
    ),
  };
}

/** Prints a failed job like any failed call, plus the install's last output lines (text mode); exit code 1. */
export function reportJobFailure(failure: CallToolResult, json: boolean): void {
  reportError(failure, json);
  if (json) return;
  const tail = (failure.structuredContent as { error?: { output_tail?: unknown } } | undefined)?.error?.output_tail;
  if (!Array.isArray(tail) || tail.length === 0) return;
  printError('  last output:');
  for (const line of tail) printError(`    ${oneLine(line)}`);
}
