import { describe, expect, it } from 'vitest';
import type { Found } from '../../../src/call-path/call-chain.js';
import { applyTimeout } from '../../../src/call-path/stages/14-apply-timeout.js';
import { gatedCall, policyOf, runStage } from '../stage-harness.js';

function foundCall(serverTimeoutMs: number | undefined, requestedTimeoutMs?: number) {
  return {
    ...gatedCall(requestedTimeoutMs === undefined ? {} : { requestedTimeoutMs }),
    ...(serverTimeoutMs === undefined ? {} : { serverTimeoutMs }),
    definition: {},
  } as unknown as ReturnType<typeof gatedCall> & Found;
}

describe('stage 14: apply timeout', () => {
  it("takes the call's own wish, else the server entry's, else the policy default", async () => {
    const view = policyOf('timeouts:\n  default_ms: 5000\n  max_ms: 60000\n');
    const stage = applyTimeout(() => view);
    expect((await runStage(stage, foundCall(20_000, 1_000))).passed?.timeoutMs).toBe(1_000);
    expect((await runStage(stage, foundCall(20_000))).passed?.timeoutMs).toBe(20_000);
    expect((await runStage(stage, foundCall(undefined))).passed).toMatchObject({
      timeoutMs: 5_000,
      maxTotalMs: 60_000,
    });
  });

  it('never goes above the policy max_ms', async () => {
    const view = policyOf('timeouts:\n  default_ms: 5000\n  max_ms: 60000\n');
    expect(
      (
        await runStage(
          applyTimeout(() => view),
          foundCall(undefined, 999_999),
        )
      ).passed?.timeoutMs,
    ).toBe(60_000);
  });
});
