import { describe, expect, it } from 'vitest';
import type { DownstreamTool } from '../../../src/downstream/downstream-tool.js';
import { responseGates } from '../../../src/call-path/stages/13-response-gates.js';
import { CallGates } from '../../../src/gates/call-gates.js';
import { gatedCall, policyOf, runStage } from '../stage-harness.js';

const CREDENTIAL = 'sk-test-0123456789abcdef0123';
const definition = { name: 'echo', inputSchema: { type: 'object' } } as DownstreamTool;

describe('stage 13: response gates', () => {
  it('replaces a known credential in the result and notes it in the trace with the result size', async () => {
    const view = policyOf('', [CREDENTIAL]);
    const call = { ...gatedCall(), definition };
    const run = await runStage(
      responseGates(new CallGates(), () => view),
      call,
      { content: [{ type: 'text', text: `key ${CREDENTIAL}` }] },
    );
    expect(JSON.stringify(run.result)).not.toContain(CREDENTIAL);
    expect(call.trace.resultBytes).toBeGreaterThan(0);
    expect(call.trace.gates.find((outcome) => outcome.gate === 'secrets')).toMatchObject({ passed: true });
  });

  it('blocks a result holding a credential under gates.secrets: block', async () => {
    const view = policyOf('gates:\n  secrets: block\n', [CREDENTIAL]);
    const run = runStage(
      responseGates(new CallGates(), () => view),
      { ...gatedCall(), definition },
      { content: [{ type: 'text', text: CREDENTIAL }] },
    );
    await expect(run).rejects.toMatchObject({ code: 'GATE_FAILED' });
  });
});
