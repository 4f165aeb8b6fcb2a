import { describe, expect, it } from 'vitest';
import type { DownstreamTool } from '../../../src/downstream/downstream-tool.js';
import { answerGates, responseGates } from '../../../src/call-path/stages/13-response-gates.js';
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

  it('checks a prompt answer (no output schema): credentials replaced, its size in the trace', async () => {
    const view = policyOf('', [CREDENTIAL]);
    const call = gatedCall({ kind: 'prompt' });
    const answer = {
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: `key ${CREDENTIAL}` } }],
    };
    const run = await runStage(
      answerGates<typeof answer>(new CallGates(), () => view),
      call,
      answer,
    );
    expect(JSON.stringify(run.result)).not.toContain(CREDENTIAL);
    expect(call.trace.resultBytes).toBeGreaterThan(0);
    expect(call.trace.gates.map((outcome) => outcome.gate)).toEqual(['message_size', 'secrets']);
  });
});
