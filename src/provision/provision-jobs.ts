// Provisioning jobs: each runs in the background with steps, progress listeners and an output tail.
import { randomBytes } from 'node:crypto';
import type { Progress } from '@modelcontextprotocol/server';
import { toGatewayError, type GatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import { OutputTail } from './output-tail.js';

/** Finished jobs kept for gateway_provision_status; older ones are forgotten. */
export const MAX_FINISHED_JOBS = 50;

export type JobKind = 'provision' | 'update';
export type JobState = 'running' | 'succeeded' | 'failed';

export interface JobView {
  job_id: string;
  kind: JobKind;
  server: string;
  state: JobState;
  step: string;
  progress: { done: number; total: number };
  elapsed_ms: number;
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  output_tail: string[];
}

export class ProvisionJob {
  readonly id = `job_${randomBytes(6).toString('hex')}`;
  readonly tail = new OutputTail();
  readonly abort = new AbortController();
  private state: JobState = 'running';
  private stepName = 'queued';
  private done = 0;
  private readonly started = Date.now();
  private finishedAt: number | undefined;
  private result: Record<string, unknown> | undefined;
  private error: Record<string, unknown> | undefined;
  /** Why the job failed, for a caller that waited on it. */
  failure: GatewayError | undefined;
  private readonly listeners = new Set<(progress: Progress) => void>();
  /** Settles (never rejects) when the job ends. */
  finished: Promise<void> = Promise.resolve();

  constructor(
    readonly kind: JobKind,
    readonly server: string,
    readonly total: number,
  ) {}

  get running(): boolean {
    return this.state === 'running';
  }

  /** Marks the start of step `done + 1`, tells listeners, and notes it in the tail. */
  step(name: string): void {
    if (this.stepName !== 'queued') this.done += 1;
    this.stepName = name;
    this.tail.push(`[toolgate] ${name}`);
    const progress: Progress = { progress: this.done, total: this.total, message: `${this.server}: ${name}` };
    for (const listener of this.listeners) listener(progress);
  }

  /** Tells the listener where the job is now, then of each step; returns the function that stops listening. */
  onProgress(listener: (progress: Progress) => void): () => void {
    listener({ progress: this.done, total: this.total, message: `${this.server}: ${this.stepName}` });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  succeed(result: Record<string, unknown>): void {
    this.state = 'succeeded';
    this.done = this.total;
    this.stepName = 'done';
    this.result = result;
    this.finishedAt = Date.now();
    for (const listener of this.listeners)
      listener({ progress: this.total, total: this.total, message: `${this.server}: done` });
  }

  fail(error: unknown): void {
    this.state = 'failed';
    this.failure = toGatewayError(error);
    this.error = this.failure.toJSON();
    this.finishedAt = Date.now();
  }

  view(): JobView {
    const view: JobView = {
      job_id: this.id,
      kind: this.kind,
      server: this.server,
      state: this.state,
      step: this.stepName,
      progress: { done: this.done, total: this.total },
      elapsed_ms: (this.finishedAt ?? Date.now()) - this.started,
      output_tail: this.tail.snapshot(),
    };
    if (this.result) view.result = this.result;
    if (this.error) view.error = this.error;
    return view;
  }
}

export class JobRegistry {
  private readonly jobs = new Map<string, ProvisionJob>();

  constructor(private readonly logger: Logger) {}

  /** The running job for this server, if any (a second request joins it instead of installing twice). */
  active(server: string): ProvisionJob | undefined {
    return [...this.jobs.values()].find((job) => job.server === server && job.running);
  }

  get(id: string): ProvisionJob | undefined {
    return this.jobs.get(id);
  }

  latest(server: string): ProvisionJob | undefined {
    return [...this.jobs.values()].reverse().find((job) => job.server === server);
  }

  /** Starts `work` in the background; its result or error is kept on the job. */
  start(
    kind: JobKind,
    server: string,
    steps: number,
    work: (job: ProvisionJob) => Promise<Record<string, unknown>>,
  ): ProvisionJob {
    const job = new ProvisionJob(kind, server, steps);
    this.jobs.set(job.id, job);
    this.prune();
    job.finished = work(job).then(
      (result) => {
        job.succeed(result);
        this.logger.info({ job: job.id, server, kind, ms: job.view().elapsed_ms }, 'provisioning job succeeded');
      },
      (error: unknown) => {
        job.fail(error);
        this.logger.warn({ job: job.id, server, kind, code: job.view().error?.code }, 'provisioning job failed');
      },
    );
    return job;
  }

  /** Stops every running install (gateway shutdown) and waits for the jobs to settle. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.running);
    for (const job of running) job.abort.abort();
    await Promise.all(running.map((job) => job.finished));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => !job.running);
    for (const job of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_JOBS))) this.jobs.delete(job.id);
  }
}
