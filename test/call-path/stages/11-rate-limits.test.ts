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
});
