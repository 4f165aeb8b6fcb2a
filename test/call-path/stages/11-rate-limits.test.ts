import { describe, expect, it } from 'vitest';
import { rateLimits } from '../../../src/call-path/stages/11-rate-limits.js';
import { CallGates } from '../../../src/gates/call-gates.js';
import { gatedCall, policyOf, runStage } from '../stage-harness.js';

describe('stage 11: rate limits', () => {
  it('records nothing when no limit is set', async () => {
    const view = policyOf();
    const call = gatedCall();
    await runStage(
      rateLimits(new CallGates(), () => view),
      call,
    );
    expect(call.trace.gates).toEqual([]);
  });

  it('lets per_tool calls through a minute and refuses the next one with GATE_FAILED', async () => {
    const view = policyOf('gates:\n  rate_limit:\n    per_tool: 2\n');
    const stage = rateLimits(new CallGates({ now: () => 0 }), () => view);
    await runStage(stage, gatedCall());
    await runStage(stage, gatedCall());
    const third = gatedCall();
    await expect(runStage(stage, third)).rejects.toMatchObject({ code: 'GATE_FAILED' });
    expect(third.trace.gates).toEqual([expect.objectContaining({ gate: 'rate_limit', passed: false })]);
  });

  it('counts prompts, resources and completions per server and kind, whatever name or URI they ask for', async () => {
    const view = policyOf('gates:\n  rate_limit:\n    per_tool: 1\n');
    const stage = rateLimits(new CallGates({ now: () => 0 }), () => view);
    const read = (uri: string) => ({ ...gatedCall({ kind: 'resource', toolId: uri }), tool: uri });
    await runStage(stage, read('x://1'));
    await expect(runStage(stage, read('x://2'))).rejects.toMatchObject({
      code: 'GATE_FAILED',
      message: expect.stringContaining('srv was asked for a resource more than 1 times'),
    });
    await expect(runStage(stage, { ...gatedCall({ kind: 'prompt' }), tool: 'greet' })).resolves.toBeDefined();
  });
});
