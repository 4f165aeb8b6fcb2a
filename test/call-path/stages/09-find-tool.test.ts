import { describe, expect, it } from 'vitest';
import type { Found } from '../../../src/call-path/call-chain.js';
import { findTool } from '../../../src/call-path/stages/09-find-tool.js';
import { GatewayError } from '../../../src/errors/index.js';
import { gatedCall, OK, runStage } from '../stage-harness.js';

describe('stage 9: find tool', () => {
  it('hands on the definition and whatever else the finder returned (the connection)', async () => {
    const found = {
      connection: { name: 'srv' },
      definition: { name: 'echo', inputSchema: { type: 'object' } },
    } as unknown as Found & { connection: unknown };
    const run = await runStage(
      findTool(async () => found),
      gatedCall(),
    );
    expect(run.passed?.connection).toBe(found.connection);
    expect(run.passed?.definition).toBe(found.definition);
  });

  it('throws the finder error (an unknown tool) before the rest of the chain', async () => {
    const missing = new GatewayError('TOOL_NOT_FOUND', 'no echo');
    const run = await runStage(
      findTool(async () => {
        throw missing;
      }),
      gatedCall(),
    ).catch((error: unknown) => error);
    expect(run).toBe(missing);
  });

  it('hands the call on in the same tick when the finder knows at once (wrap keeps its message order)', () => {
    const definition = { name: 'echo', inputSchema: { type: 'object' } };
    let passed: unknown;
    void findTool(() => ({ definition, serverTimeoutMs: 500 })).run(gatedCall(), async (call) => ((passed = call), OK));
    expect(passed).toMatchObject({ definition, serverTimeoutMs: 500, server: 'srv', tool: 'echo' });
  });
});
