import { describe, expect, it } from 'vitest';
import { requestGates } from '../../../src/call-path/stages/06-request-gates.js';
import { CallGates } from '../../../src/gates/call-gates.js';
import { gatedCall, policyOf, runStage } from '../stage-harness.js';

describe('stage 6: request gates', () => {
  it('records the passing deny and size gates in the trace and hands the call on', async () => {
    const view = policyOf();
    const call = gatedCall();
    const run = await runStage(
      requestGates(new CallGates(), () => view),
      call,
    );
    expect(run.passed).toBe(call);
    expect(call.trace.gates.map((outcome) => outcome.gate)).toEqual(['deny', 'message_size']);
  });

  it('refuses a denied tool in enforce mode, and lets it through, noted, in monitor mode', async () => {
    const enforce = policyOf('tools:\n  deny: ["srv::*"]\n');
    await expect(
      runStage(
        requestGates(new CallGates(), () => enforce),
        gatedCall(),
      ),
    ).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const monitor = policyOf('mode: monitor\ntools:\n  deny: ["srv::*"]\n');
    const call = gatedCall();
    const run = await runStage(
      requestGates(new CallGates(), () => monitor),
      call,
    );
    expect(run.passed).toBe(call);
    expect(call.trace.gates[0]).toMatchObject({ gate: 'deny', passed: false });
  });

  it('refuses arguments over gates.max_message_bytes', async () => {
    const view = policyOf('gates:\n  max_message_bytes: 10\n');
    await expect(
      runStage(
        requestGates(new CallGates(), () => view),
        gatedCall(),
      ),
    ).rejects.toMatchObject({ code: 'GATE_FAILED' });
  });

  it('judges a resource by the server rules and tools.deny over server::<uri>; tools.allow lists only tools', async () => {
    const view = policyOf('tools:\n  allow: ["srv::echo"]\n  deny: ["srv::secret://*"]\n');
    const stage = requestGates(new CallGates(), () => view);
    const resource = (uri: string) => gatedCall({ kind: 'resource', toolId: uri });
    const denied = { ...resource('secret://a'), tool: 'secret://a' };
    await expect(runStage(stage, denied)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const allowed = { ...resource('public://a'), tool: 'public://a' };
    await expect(runStage(stage, allowed)).resolves.toMatchObject({ passed: allowed });
  });
});
