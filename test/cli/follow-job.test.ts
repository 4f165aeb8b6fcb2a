import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/cli/gateway-client.js';
import { followJob } from '../../src/cli/provision/follow-job.js';

/** A gateway whose provision call answers `first` and whose provision_status answers `views` in turn (the last one repeats). */
function scriptedGateway(
  first: Record<string, unknown>,
  views: Record<string, unknown>[],
): GatewayClient & { calls: string[] } {
  const calls: string[] = [];
  let next = 0;
  const result = (value: Record<string, unknown>): CallToolResult => ({
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: value,
  });
  return {
    via: 'running',
    calls,
    async callMetaTool(name, _args, _timeoutMs, onProgress) {
      calls.push(name);
      if (name !== 'provision_status') {
        onProgress?.({ progress: 0, total: 4, message: 'memory: install' });
        return result(first);
      }
      return result(views[Math.min(next++, views.length - 1)]!);
    },
    listTools: async () => ({ tools: [] }),
    close: async () => undefined,
  };
}

const view = (state: string, step: string, done: number, extra: Record<string, unknown> = {}) => ({
  job_id: 'job_1',
  kind: 'provision',
  server: 'memory',
  state,
  step,
  progress: { done, total: 4 },
  elapsed_ms: 30_000,
  output_tail: ['npm line 1', 'npm line 2'],
  ...extra,
});

describe('following a provisioning job', () => {
  it("polls provision_status after the call's own wait until the job succeeds, printing each new step once", async () => {
    const gateway = scriptedGateway({ job_id: 'job_1', state: 'running' }, [
      view('running', 'install', 0),
      view('running', 'start', 2),
      view('succeeded', 'done', 4, { result: { server: 'memory', tools: 9 } }),
    ]);
    const lines: string[] = [];
    const outcome = await followJob(
      gateway,
      'provision',
      { server: 'memory' },
      { onLine: (line) => lines.push(line), pollIntervalMs: 1 },
    );
    expect(outcome).toEqual({
      ok: true,
      answer: { job_id: 'job_1', state: 'succeeded', elapsed_ms: 30_000, server: 'memory', tools: 9 },
    });
    expect(lines).toEqual([
      'toolgate: memory: install (step 1 of 4)',
      'toolgate: memory: start (step 3 of 4)',
      'toolgate: memory: done',
    ]);
    expect(gateway.calls).toEqual(['provision', 'provision_status', 'provision_status', 'provision_status']);
  });

  it('gives a job that fails while polled the error shape of a failure within the wait: code, message, hint, job_id and output tail', async () => {
    const error = {
      server: 'memory',
      code: 'PROVISION_FAILED',
      message: 'npm install failed',
      hint: 'Check the network.',
    };
    const gateway = scriptedGateway({ job_id: 'job_1', state: 'running' }, [view('failed', 'install', 0, { error })]);
    const outcome = await followJob(
      gateway,
      'provision',
      { server: 'memory' },
      { onLine: () => undefined, pollIntervalMs: 1 },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.isError).toBe(true);
    expect(outcome.failure.structuredContent).toEqual({
      error: { ...error, job_id: 'job_1', output_tail: ['npm line 1', 'npm line 2'] },
    });
  });

  it('gives up at the deadline with PROVISION_FAILED naming the job, which goes on in a running gateway', async () => {
    const gateway = scriptedGateway({ job_id: 'job_1', state: 'running' }, [view('running', 'install', 0)]);
    const outcome = await followJob(
      gateway,
      'provision',
      { server: 'memory' },
      { onLine: () => undefined, pollIntervalMs: 5, deadlineMs: 30 },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const failure = (outcome.failure.structuredContent as { error: Record<string, unknown> }).error;
    expect(failure).toMatchObject({ code: 'PROVISION_FAILED', job_id: 'job_1' });
    expect(failure.message).toContain('goes on in the gateway');
    expect(failure.hint).toContain('gateway.provision_status');
  });

  it('returns a failure of the call itself as it came', async () => {
    const failed: CallToolResult = {
      content: [],
      structuredContent: { error: { code: 'SERVER_NOT_FOUND', message: 'no' } },
      isError: true,
    };
    const gateway: GatewayClient = {
      via: 'in-process',
      callMetaTool: async () => failed,
      listTools: async () => ({ tools: [] }),
      close: async () => undefined,
    };
    expect(await followJob(gateway, 'provision', { server: 'x' }, { onLine: () => undefined })).toEqual({
      ok: false,
      failure: failed,
    });
  });
});
