import type { Progress } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { filterOutput } from '../../../src/call-path/stages/07-filter-output.js';
import { GatewayError } from '../../../src/errors/index.js';
import { contextOf, policyOf, receivedCall, runStage } from '../stage-harness.js';

const CREDENTIAL = 'sk-test-0123456789abcdef0123';

describe('stage 7: filter output', () => {
  it('caps a long result to max_output_bytes', async () => {
    const view = policyOf('max_output_bytes: 1000\n');
    const run = await runStage(
      filterOutput(() => view),
      receivedCall(),
      { content: [{ type: 'text', text: 'x'.repeat(50_000) }] },
    );
    expect(JSON.stringify(run.result).length).toBeLessThan(5_000);
  });

  it('redacts a known credential in a thrown error before it reaches the caller', async () => {
    const view = policyOf('', [CREDENTIAL]);
    const error = await runStage(
      filterOutput(() => view),
      receivedCall(),
      new GatewayError('DOWNSTREAM_ERROR', `server said ${CREDENTIAL}`),
    ).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'DOWNSTREAM_ERROR' });
    expect((error as Error).message).not.toContain(CREDENTIAL);
  });

  it('redacts the progress messages the server sends up during the call', async () => {
    const view = policyOf('', [CREDENTIAL]);
    const sent: Progress[] = [];
    const call = receivedCall({ context: contextOf({ sendProgress: (progress) => void sent.push(progress) }) });
    const run = await runStage(
      filterOutput(() => view),
      call,
    );
    run.passed?.context.sendProgress?.({ progress: 1, message: `using ${CREDENTIAL}` });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message).not.toContain(CREDENTIAL);
  });
});
