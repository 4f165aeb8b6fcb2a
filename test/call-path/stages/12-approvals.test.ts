import { describe, expect, it } from 'vitest';
import { approvals } from '../../../src/call-path/stages/12-approvals.js';
import { contextOf, gatedCall, policyOf, runStage } from '../stage-harness.js';

const NEEDS_APPROVAL = 'approval:\n  - "srv::*"\n';

describe('stage 12: approvals', () => {
  it('asks nothing for a tool no approval rule matches', async () => {
    let asked = 0;
    const view = policyOf();
    const call = gatedCall({ context: contextOf({ askUser: async () => ((asked += 1), 'accept') }) });
    await runStage(
      approvals(() => view),
      call,
    );
    expect(asked).toBe(0);
  });

  it('runs the call the user accepts and refuses the one they decline, with APPROVAL_DENIED', async () => {
    const view = policyOf(NEEDS_APPROVAL);
    const accepted = await runStage(
      approvals(() => view),
      gatedCall({ context: contextOf({ askUser: async () => 'accept' }) }),
    );
    expect(accepted.passed).toBeDefined();
    const declined = runStage(
      approvals(() => view),
      gatedCall({ context: contextOf({ askUser: async () => 'decline' }) }),
    );
    await expect(declined).rejects.toMatchObject({ code: 'APPROVAL_DENIED' });
  });

  it('never asks in monitor mode: the question is noted and the call goes on', async () => {
    let asked = 0;
    const view = policyOf(`mode: monitor\n${NEEDS_APPROVAL}`);
    const call = gatedCall({ context: contextOf({ askUser: async () => ((asked += 1), 'decline') }) });
    const run = await runStage(
      approvals(() => view),
      call,
    );
    expect(asked).toBe(0);
    expect(run.passed).toBeDefined();
    expect(call.trace.gates[0]).toMatchObject({ gate: 'approval', passed: false });
  });
});
